import type { EntityManager } from '@mikro-orm/knex';
import type { Checkpoint, CheckpointSigner } from '../../core/audit/checkpoint.js';
import type { Clock } from '../../core/shared/clock.port.js';
import type { Database } from '../database.js';
import type { CheckpointFile } from './checkpoint-file.js';
import { readChainHead } from './mikro-access-log.repository.js';

export interface CheckpointPolicy {
  readonly everyEntries: number;
  readonly everyMinutes: number;
}

export interface CheckpointDeps {
  readonly db: Database;
  readonly signer: CheckpointSigner;
  readonly file: CheckpointFile;
  readonly clock: Clock;
}

/** Arbitrary but fixed: the advisory-lock key for "one instance writes checkpoints / prunes". */
export const AUDIT_LOCK_KEY = 0x6175_6469; // "audi"

/**
 * Runs `work` in a transaction that holds the audit advisory lock on PostgreSQL, so with several
 * instances only one signs per tick; returns null when another instance holds it. On SQLite
 * there is one writer anyway.
 */
export async function withAuditLock<T>(db: Database, work: (em: EntityManager) => Promise<T>): Promise<T | null> {
  return db.fork().transactional(async (em) => {
    const tx = em as unknown as EntityManager;
    if (db.driver === 'postgresql') {
      const rows = await tx.execute<{ locked: boolean }[]>('select pg_try_advisory_xact_lock(?) as locked', [AUDIT_LOCK_KEY], 'all');
      if (!rows[0]?.locked) return null;
    }
    return work(tx);
  });
}

/** Signs the committed head and appends it to the file (`audit checkpoint`, and the periodic job). */
export async function takeCheckpoint(deps: CheckpointDeps, kind: 'forced' | 'periodic' = 'forced'): Promise<Checkpoint> {
  const { head } = await readChainHead(deps.db.fork());
  const c = deps.signer.sign(head, deps.clock.now(), kind);
  deps.file.append(c);
  return c;
}

/** A checkpoint when `everyEntries` new entries arrived, or `everyMinutes` passed with any new entry. */
export async function checkpointIfDue(deps: CheckpointDeps, policy: CheckpointPolicy): Promise<Checkpoint | null> {
  return withAuditLock(deps.db, async (em) => {
    const { head, anchor } = await readChainHead(em);
    const last = deps.file.last();
    const lastSeq = Math.max(last?.seq ?? 0, anchor.seq);
    const fresh = head.seq - lastSeq;
    if (fresh <= 0) return null;
    const now = deps.clock.now();
    const ageMs = last ? now.getTime() - Date.parse(last.time) : Number.POSITIVE_INFINITY;
    if (fresh < policy.everyEntries && ageMs < policy.everyMinutes * 60_000) return null;
    const c = deps.signer.sign(head, now, 'periodic');
    deps.file.append(c);
    return c;
  });
}
