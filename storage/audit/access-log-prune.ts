import type { Checkpoint } from '../../core/audit/checkpoint.js';
import type { ChainPoint } from '../../core/audit/chain.js';
import { rowToHead, type HeadRow } from './access-log-rows.js';
import { timeParam } from './access-log-rows.js';
import { withAuditLock, type CheckpointDeps } from './access-log-checkpoints.js';
import type { Database } from '../database.js';

export interface PruneResult {
  readonly removed: number;
  /** The new anchor: the last removed entry, from which verification now starts. */
  readonly anchor: ChainPoint;
  readonly checkpoint: Checkpoint | null;
}

/**
 * Removes the oldest entries — the unbroken prefix older than `cutoff`, never an old entry
 * that sits after a newer one — and signs a `prune` checkpoint at the last removed entry
 * before deleting, so the remaining chain stays verifiable from that (seq, hash).
 */
export async function pruneAccessLog(deps: CheckpointDeps, cutoff: Date): Promise<PruneResult | null> {
  const driver = deps.db.driver;
  return withAuditLock(deps.db, async (em) => {
    // Claiming the head row serialises with appends for the rest of this transaction.
    const locked = await em.execute<HeadRow[]>(
      'update access_log_head set seq = seq where id = 1 returning seq, hash, anchor_seq, anchor_hash',
      [],
      'all',
    );
    const { head, anchor } = rowToHead(locked[0]!);
    const firstKept = await em.execute<{ seq: number | string }[]>(
      'select seq from access_log where at >= ? order by seq limit 1',
      [timeParam(driver, cutoff)],
      'all',
    );
    const through = firstKept[0] ? Number(firstKept[0].seq) - 1 : head.seq;
    if (through <= anchor.seq) return { removed: 0, anchor, checkpoint: null };
    const row = await em.execute<{ hash: string }[]>('select hash from access_log where seq = ?', [through], 'all');
    if (!row[0]) throw new Error(`access-log entry ${through} is missing; run audit verify before pruning`);
    const newAnchor = { seq: through, hash: row[0].hash };
    // Signed and on disk before anything is deleted: a crash leaves entries the checkpoint
    // already declares prunable (verify skips them), never a gap without a checkpoint.
    const checkpoint = deps.signer.sign(newAnchor, deps.clock.now(), 'prune');
    deps.file.append(checkpoint);
    const countRows = await em.execute<{ n: number | string }[]>('select count(*) as n from access_log where seq <= ?', [through], 'all');
    await em.execute('delete from access_log where seq <= ?', [through], 'run');
    await em.execute('delete from access_log_fields where seq <= ?', [through], 'run');
    if (driver === 'sqlite') {
      await em.execute('delete from access_log_trigram where rowid <= ?', [through], 'run');
      await em.execute('delete from access_log_grams where rowid <= ?', [through], 'run');
    }
    await em.execute('update access_log_head set anchor_seq = ?, anchor_hash = ? where id = 1', [newAnchor.seq, newAnchor.hash], 'run');
    return { removed: Number(countRows[0]?.n ?? 0), anchor: newAnchor, checkpoint };
  });
}

/** The retention limit: entries older than `years` calendar years before `now`. */
export function retentionCutoff(now: Date, years: number): Date {
  const d = new Date(now.getTime());
  d.setUTCFullYear(d.getUTCFullYear() - years);
  return d;
}

/** The time of the oldest stored entry (a cheap check before a retention run does real work). */
export async function oldestEntryTime(db: Database): Promise<Date | null> {
  const rows = await db.fork().execute<{ at: number | string | Date }[]>('select at from access_log order by seq limit 1', [], 'all');
  const at = rows[0]?.at;
  return at === undefined ? null : at instanceof Date ? at : new Date(typeof at === 'string' && /^\d+$/.test(at) ? Number(at) : at);
}
