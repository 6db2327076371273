import type { KeyObject } from 'node:crypto';
import type { Checkpoint } from '../../core/audit/checkpoint.js';
import { anchorFor, verifyChainItems, type ChainItem, type VerifyReport } from '../../core/audit/verify-chain.js';
import type { Database } from '../database.js';
import { readChainItems } from './chain-items.js';
import { readChainHead } from './mikro-access-log.repository.js';

export interface VerifyDatabaseOptions {
  readonly checkpoints?: readonly (Checkpoint | null)[];
  readonly trustedKey?: KeyObject;
  readonly batchSize?: number;
  /** SQLite: read pages ahead on a worker thread (default true; false reads on this thread). */
  readonly readAhead?: boolean;
  /** Called with (entries checked, entries expected) after each batch. */
  readonly onProgress?: (done: number, total: number) => void;
}

/**
 * Verifies the stored chain from its anchor (the newest prune checkpoint, else the database's)
 * up to the head read when the verify starts. A live server appends while an auditor verifies:
 * entries committed after that read are not tampering, so they are checked in a second pass,
 * chained on from the first head up to the head as it is then. A row past the head that no
 * head covers (written around the application) is still a head mismatch.
 */
export async function verifyDatabase(db: Database, options: VerifyDatabaseOptions = {}): Promise<VerifyReport> {
  const { head, anchor: storedAnchor } = await readChainHead(db.fork());
  const anchor = anchorFor(options.checkpoints ?? [], storedAnchor);
  const batchSize = options.batchSize ?? 2000;
  const readAhead = options.readAhead ?? true;
  const total = Math.max(0, head.seq - anchor.seq);
  const first = await verifyChainItems(upTo(head.seq, readChainItems(db, anchor.seq, batchSize, readAhead)), {
    checkpoints: options.checkpoints,
    trustedKey: options.trustedKey,
    anchor,
    head,
    onProgress: options.onProgress ? (done) => options.onProgress!(done, total) : undefined,
  });
  if (!first.ok) return first;

  // The highest stored seq before the current head: read the other way round, an append
  // committing in between would look like a row no head covers.
  const beyond = await highestSeq(db);
  const now = (await readChainHead(db.fork())).head;
  if (beyond > now.seq)
    return {
      ...first,
      ok: false,
      failure: { kind: 'head-mismatch', seq: now.seq, message: `entries up to ${beyond} lie past the chain head (${now.seq})` },
    };
  if (now.seq === head.seq) return first;
  const appended = await verifyChainItems(upTo(now.seq, readChainItems(db, head.seq, batchSize, readAhead)), {
    anchor: head,
    head: now,
    onProgress: options.onProgress ? (done) => options.onProgress!(first.entries + done, total + now.seq - head.seq) : undefined,
  });
  return {
    ...appended,
    entries: first.entries + appended.entries,
    skipped: first.skipped,
    anchor: first.anchor,
    checkpointsMatched: first.checkpointsMatched,
  };
}

/** The items of `source` (ascending seq) up to `lastSeq`; stops the source there. */
async function* upTo(lastSeq: number, source: AsyncGenerator<ChainItem[]>): AsyncGenerator<ChainItem[]> {
  for await (const batch of source) {
    const tail = batch[batch.length - 1];
    if (tail === undefined || tail.seq <= lastSeq) {
      yield batch;
      continue;
    }
    const within = batch.filter((item) => item.seq <= lastSeq);
    if (within.length) yield within;
    return; // leaving the loop ends the source (and its read-ahead worker)
  }
}

async function highestSeq(db: Database): Promise<number> {
  const rows = await db.fork().execute<Array<{ seq: number | string | null }>>('select max(seq) as seq from access_log', [], 'all');
  return Number(rows[0]?.seq ?? 0);
}
