import { randomBytes } from 'node:crypto';
import BetterSqlite3 from 'better-sqlite3';
import { KEY_BYTES } from '../crypto/aes-gcm.js';

/**
 * One random secret per data key, kept OUTSIDE the main database (its own SQLite file under
 * BOUNDARY_DATA_DIR). A data key is wrapped under the master key and this secret, so a copy of
 * the main database — a backup, a replica, a stolen file — holds wrapped keys nobody can open
 * once the purge has destroyed their secrets here. Synchronous (better-sqlite3): the key ring
 * wraps and unwraps synchronously.
 */
export class ShredSecretStore {
  private readonly db: BetterSqlite3.Database;
  private readonly getStmt: BetterSqlite3.Statement<[string], { secret: Buffer }>;
  private readonly putStmt: BetterSqlite3.Statement<[string, Buffer, string]>;
  private readonly destroyStmt: BetterSqlite3.Statement<[string]>;

  constructor(readonly file: string) {
    this.db = new BetterSqlite3(file);
    // secure_delete zeroes a destroyed secret's bytes; compact() truncates the WAL after a purge.
    // synchronous=NORMAL like the main database: a process crash loses nothing; a power cut can
    // lose the newest commits of either file (FULL would cost an fsync per new data key).
    for (const p of ['journal_mode = WAL', 'synchronous = NORMAL', 'secure_delete = ON', 'busy_timeout = 5000']) this.db.pragma(p);
    // A run that died before compact() left destroyed secrets in the WAL: finish the erasure now.
    this.db.pragma('wal_checkpoint(TRUNCATE)');
    this.db.exec('create table if not exists shred_secrets (data_key_id text primary key, secret blob not null, created_at text not null)');
    this.getStmt = this.db.prepare('select secret from shred_secrets where data_key_id = ?');
    this.putStmt = this.db.prepare('insert into shred_secrets (data_key_id, secret, created_at) values (?, ?, ?) on conflict (data_key_id) do nothing');
    // Ids as one JSON array: one prepared statement for any batch size.
    this.destroyStmt = this.db.prepare('delete from shred_secrets where data_key_id in (select value from json_each(?))');
  }

  /** Groups many new secrets into one transaction (a bulk import creates hundreds of thousands). */
  begin(): void {
    if (!this.db.inTransaction) this.db.exec('BEGIN IMMEDIATE');
  }

  commit(): void {
    if (this.db.inTransaction) this.db.exec('COMMIT');
  }

  rollback(): void {
    if (this.db.inTransaction) this.db.exec('ROLLBACK');
  }

  get(dataKeyId: string): Buffer | null {
    return this.getStmt.get(dataKeyId)?.secret ?? null;
  }

  getOrCreate(dataKeyId: string): Buffer {
    const found = this.get(dataKeyId);
    if (found) return found;
    this.putStmt.run(dataKeyId, randomBytes(KEY_BYTES), new Date().toISOString());
    return this.get(dataKeyId)!;
  }

  /** Many at once (bulk loads, benchmarks): one transaction. */
  putMany(entries: Iterable<readonly [string, Buffer]>): void {
    const at = new Date().toISOString();
    this.db.transaction(() => {
      for (const [id, secret] of entries) this.putStmt.run(id, secret, at);
    })();
  }

  /**
   * Destroys the secrets of these data keys: rows deleted, their bytes zeroed in the page
   * (secure_delete), in one statement. The zeroed pages reach the file and the WAL is emptied by
   * `compact()`, which a purge calls once after its last batch: a checkpoint per batch costs
   * fsyncs while the server waits, and the secrets are gone for every reader at commit anyway.
   */
  destroy(dataKeyIds: readonly string[]): number {
    if (dataKeyIds.length === 0) return 0;
    return this.destroyStmt.run(JSON.stringify(dataKeyIds)).changes;
  }

  /** Moves the WAL into the file and truncates it, so no destroyed secret lingers in `-wal`. */
  compact(): void {
    this.db.pragma('wal_checkpoint(TRUNCATE)');
  }

  count(): number {
    return (this.db.prepare('select count(*) as n from shred_secrets').get() as { n: number }).n;
  }

  close(): void {
    this.db.pragma('wal_checkpoint(TRUNCATE)');
    this.db.close();
  }
}
