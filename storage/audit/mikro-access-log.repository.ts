import type { EntityManager } from '@mikro-orm/knex';
import type { AccessLogEntry, NewAccessLogEntry } from '../../core/audit/access-log-entry.js';
import type { AccessLogBatchWriter } from '../../core/audit/access-log.port.js';
import { sanitiseEntry } from '../../core/audit/canonical.js';
import { chainHash } from '../../core/audit/chain.js';
import type BetterSqlite3 from 'better-sqlite3';
import type { Driver } from '../database.js';
import type { StorageContext } from '../unit-of-work.js';
import { ENTRY_COLUMNS, entryParams, rowToHead, type ChainHead, type HeadRow } from './access-log-rows.js';
import { gramToken, pgTextArray, shortGrams } from './keyword.js';
import { prepared, withSqliteConnection } from './sqlite-raw.js';

const PLACEHOLDERS = ENTRY_COLUMNS.split(',').map(() => '?').join(', ');

/**
 * Appends to the chain inside the caller's transaction. The first statement claims the next
 * sequence number by updating the single head row: on PostgreSQL that row lock (the same lock
 * as SELECT … FOR UPDATE) serialises appends from every server instance until this
 * transaction ends; on SQLite the statement takes the database write lock at once, so a
 * deferred transaction never has to upgrade a read lock later. Roll back, and the seq, the
 * entry and the head move back together: an entry exists if and only if its decision committed.
 */
export class MikroAccessLog implements AccessLogBatchWriter {
  constructor(
    private readonly em: EntityManager,
    private readonly driver: Driver,
  ) {}

  async append(entry: NewAccessLogEntry): Promise<AccessLogEntry> {
    // Outside a transaction the three statements would not share the head lock: make one.
    if (!this.em.getTransactionContext())
      return this.em.transactional((em) => new MikroAccessLog(em as unknown as EntityManager, this.driver).append(entry));
    const e = sanitiseEntry(entry);
    return this.driver === 'sqlite' ? withSqliteConnection(this.em, (conn) => appendSqlite(conn, e)) : this.appendPostgres(e);
  }

  /**
   * A run of entries as one consecutive segment: the head is claimed once for all of them
   * (seq += n), hashes are chained in memory, rows go in multi-row inserts, the head hash is
   * set once. The same lock and atomicity as `append`, a fraction of the statements.
   */
  async appendMany(entries: readonly NewAccessLogEntry[]): Promise<AccessLogEntry[]> {
    if (entries.length === 0) return [];
    if (!this.em.getTransactionContext())
      return this.em.transactional((em) => new MikroAccessLog(em as unknown as EntityManager, this.driver).appendMany(entries));
    const es = entries.map(sanitiseEntry);
    return this.driver === 'sqlite' ? withSqliteConnection(this.em, (conn) => appendManySqlite(conn, es)) : this.appendManyPostgres(es);
  }

  private async appendManyPostgres(es: NewAccessLogEntry[]): Promise<AccessLogEntry[]> {
    const claimed = await this.em.execute<{ seq: number | string; hash: string }[]>(CLAIM_MANY_SQL, [es.length], 'all');
    if (!claimed[0]) throw new Error('access_log_head is missing: run the migrations');
    const out = chainSegment(Number(claimed[0].seq) - es.length, claimed[0].hash, es);
    for (let i = 0; i < out.length; i += PG_ROWS_PER_INSERT) {
      const part = out.slice(i, i + PG_ROWS_PER_INSERT);
      await this.em.execute(
        `insert into access_log (${ENTRY_COLUMNS}, short_grams) values ${part.map(() => `(${PLACEHOLDERS}, ?::text[])`).join(', ')}`,
        part.flatMap((e) => [...entryParams('postgresql', e.seq, e, e.hash), pgTextArray(e.justification === null ? [] : shortGrams(e.justification))]),
        'run',
      );
    }
    await this.em.execute(SET_HEAD_SQL, [out[out.length - 1]!.hash], 'run');
    return out;
  }

  private async appendPostgres(e: NewAccessLogEntry): Promise<AccessLogEntry> {
    const claimed = await this.em.execute<{ seq: number | string; hash: string }[]>(CLAIM_SQL, [], 'all');
    if (!claimed[0]) throw new Error('access_log_head is missing: run the migrations');
    const seq = Number(claimed[0].seq);
    const hash = chainHash(claimed[0].hash, seq, e);
    const grams = e.justification === null ? [] : shortGrams(e.justification);
    await this.em.execute(
      `insert into access_log (${ENTRY_COLUMNS}, short_grams) values (${PLACEHOLDERS}, ?::text[])`,
      [...entryParams('postgresql', seq, e, hash), pgTextArray(grams)],
      'run',
    );
    await this.em.execute(SET_HEAD_SQL, [hash], 'run');
    return { ...e, seq, hash };
  }
}

const CLAIM_SQL = 'update access_log_head set seq = seq + 1 where id = 1 returning seq, hash';
const CLAIM_MANY_SQL = 'update access_log_head set seq = seq + ? where id = 1 returning seq, hash';
/** 15 parameters a row: well inside PostgreSQL's 65,535 per statement. */
const PG_ROWS_PER_INSERT = 500;
/** The largest SQLite multi-row insert (14 × 256 parameters); smaller runs use power-of-two statements. */
const SQLITE_ROWS_PER_INSERT = 256;
const SET_HEAD_SQL = 'update access_log_head set hash = ? where id = 1';
const INSERT_SQLITE = `insert into access_log (${ENTRY_COLUMNS}) values (${PLACEHOLDERS})`;
const INSERT_GRAMS = 'insert into access_log_grams (rowid, grams) values (?, ?)';

function appendSqlite(conn: BetterSqlite3.Database, e: NewAccessLogEntry): AccessLogEntry {
  const claimed = prepared(conn, CLAIM_SQL).get() as { seq: number; hash: string } | undefined;
  if (!claimed) throw new Error('access_log_head is missing: run the migrations');
  const seq = Number(claimed.seq);
  const hash = chainHash(claimed.hash, seq, e);
  prepared(conn, INSERT_SQLITE).run(entryParams('sqlite', seq, e, hash));
  if (e.justification !== null) prepared(conn, INSERT_GRAMS).run(seq, shortGrams(e.justification).map(gramToken).join(' '));
  prepared(conn, SET_HEAD_SQL).run(hash);
  return { ...e, seq, hash };
}

/** Hashes a segment after the claimed head (`lastSeq` is the seq before the first entry). */
function chainSegment(lastSeq: number, lastHash: string, es: readonly NewAccessLogEntry[]): AccessLogEntry[] {
  const out = new Array<AccessLogEntry>(es.length);
  let prev = lastHash;
  for (let i = 0; i < es.length; i++) {
    const seq = lastSeq + 1 + i;
    prev = chainHash(prev, seq, es[i]!);
    out[i] = { ...es[i]!, seq, hash: prev };
  }
  return out;
}

const insertRowsSqlite = (rows: number) => `insert into access_log (${ENTRY_COLUMNS}) values ${new Array(rows).fill(`(${PLACEHOLDERS})`).join(', ')}`;

function appendManySqlite(conn: BetterSqlite3.Database, es: readonly NewAccessLogEntry[]): AccessLogEntry[] {
  const claimed = prepared(conn, CLAIM_MANY_SQL).get(es.length) as { seq: number; hash: string } | undefined;
  if (!claimed) throw new Error('access_log_head is missing: run the migrations');
  const out = chainSegment(Number(claimed.seq) - es.length, claimed.hash, es);
  const insert = (from: number, size: number) => {
    const params: unknown[] = [];
    for (let j = from; j < from + size; j++) params.push(...entryParams('sqlite', out[j]!.seq, out[j]!, out[j]!.hash));
    prepared(conn, insertRowsSqlite(size)).run(params);
  };
  // Full chunks, then the rest in power-of-two pieces: at most nine cached statement shapes.
  let i = 0;
  for (; out.length - i >= SQLITE_ROWS_PER_INSERT; i += SQLITE_ROWS_PER_INSERT) insert(i, SQLITE_ROWS_PER_INSERT);
  for (let size = SQLITE_ROWS_PER_INSERT >> 1; size >= 1; size >>= 1)
    if (out.length - i >= size) {
      insert(i, size);
      i += size;
    }
  for (const e of out) if (e.justification !== null) prepared(conn, INSERT_GRAMS).run(e.seq, shortGrams(e.justification).map(gramToken).join(' '));
  prepared(conn, SET_HEAD_SQL).run(out[out.length - 1]!.hash);
  return out;
}

/** `RepositoryFactories['accessLog']`: the writer bound to the unit of work's transaction. */
export const accessLogFactory = (em: EntityManager, ctx: Pick<StorageContext, 'db'>): AccessLogBatchWriter =>
  new MikroAccessLog(em, ctx.db.driver);

/** The committed chain head and prune anchor. */
export async function readChainHead(em: EntityManager): Promise<ChainHead> {
  const rows = await em.execute<HeadRow[]>('select seq, hash, anchor_seq, anchor_hash from access_log_head where id = 1', [], 'all');
  if (!rows[0]) throw new Error('access_log_head is missing: run the migrations');
  return rowToHead(rows[0]);
}
