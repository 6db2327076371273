import type { KeyObject } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EntityManager } from '@mikro-orm/knex';
import type { AccessLogEntry, NewAccessLogEntry } from '../../core/audit/access-log-entry.js';
import { chainHash } from '../../core/audit/chain.js';
import { publicKeyFromBase64 } from '../../core/audit/checkpoint.js';
import { Database } from '../../storage/database.js';
import { CheckpointFile } from '../../storage/audit/checkpoint-file.js';
import { takeCheckpoint, type CheckpointDeps } from '../../storage/audit/access-log-checkpoints.js';
import { readEntryBatches } from '../../storage/audit/access-log-export.js';
import { MikroAccessLog } from '../../storage/audit/mikro-access-log.repository.js';
import { verifyDatabase } from '../../storage/audit/verify-database.js';
import { freshDatabase, type TestDatabase, type TestDriver } from '../support/databases.js';
import { sampleEntry, testClock, testSigner } from './audit-fixtures.js';

/** A migrated fresh database with a checkpoint file next to it, and the tools tests need. */
export interface AuditDb {
  readonly tdb: TestDatabase;
  readonly db: Database;
  readonly deps: CheckpointDeps;
  /** Verifies the checkpoints' signatures. */
  readonly trustedKey: KeyObject;
  append(entry: NewAccessLogEntry): Promise<AccessLogEntry>;
  appendSamples(from: number, to: number): Promise<void>;
  checkpoint(): Promise<void>;
  verify(withCheckpoints?: boolean): ReturnType<typeof verifyDatabase>;
  /** Raw SQL as someone with write access to the database would run it. */
  sql(sql: string, params?: unknown[]): Promise<unknown>;
  all(): Promise<AccessLogEntry[]>;
  close(): Promise<void>;
}

export async function openAuditDb(driver: TestDriver): Promise<AuditDb> {
  const tdb = await freshDatabase(driver);
  const db = await Database.open({ driver, url: tdb.url });
  await db.migrate();
  const deps: CheckpointDeps = {
    db,
    signer: testSigner(),
    file: new CheckpointFile(join(mkdtempSync(join(tmpdir(), 'boundary-cp-')), 'checkpoints.jsonl')),
    clock: testClock(),
  };
  const append = (entry: NewAccessLogEntry) =>
    db.fork().transactional((em) => new MikroAccessLog(em as unknown as EntityManager, driver).append(entry));
  const trustedKey = publicKeyFromBase64(deps.signer.publicKey);
  return {
    tdb,
    db,
    deps,
    trustedKey,
    append,
    async appendSamples(from, to) {
      for (let n = from; n <= to; n++) await append(sampleEntry(n));
    },
    async checkpoint() {
      await takeCheckpoint(deps, 'forced');
    },
    verify: (withCheckpoints = true) =>
      verifyDatabase(db, withCheckpoints ? { checkpoints: deps.file.read(), trustedKey, batchSize: 7 } : { batchSize: 7 }),
    sql: (sql, params = []) => db.fork().execute(sql, params, 'run'),
    async all() {
      const out: AccessLogEntry[] = [];
      for await (const b of readEntryBatches(db, { prevHash: false })) out.push(...b);
      return out;
    },
    async close() {
      await db.close();
      await tdb.drop();
    },
  };
}

/** What an attacker with database write access does after editing: rehash everything from `fromSeq`. */
export async function recomputeChainFrom(a: AuditDb, fromSeq: number): Promise<void> {
  const all = await a.all();
  let prev = all.find((e) => e.seq === fromSeq - 1)!.hash;
  for (const e of all.filter((x) => x.seq >= fromSeq)) {
    prev = chainHash(prev, e.seq, e);
    await a.sql('update access_log set hash = ? where seq = ?', [prev, e.seq]);
  }
  await a.sql('update access_log_head set hash = ? where id = 1', [prev]);
}
