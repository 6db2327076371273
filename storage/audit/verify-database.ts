import type { KeyObject } from 'node:crypto';
import type { Checkpoint } from '../../core/audit/checkpoint.js';
import { anchorFor, verifyChainItems, type VerifyReport } from '../../core/audit/verify-chain.js';
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

/** Verifies the stored chain from its anchor (the newest prune checkpoint, else the database's). */
export async function verifyDatabase(db: Database, options: VerifyDatabaseOptions = {}): Promise<VerifyReport> {
  const { head, anchor: storedAnchor } = await readChainHead(db.fork());
  const anchor = anchorFor(options.checkpoints ?? [], storedAnchor);
  const total = Math.max(0, head.seq - anchor.seq);
  return verifyChainItems(readChainItems(db, anchor.seq, options.batchSize ?? 2000, options.readAhead ?? true), {
    checkpoints: options.checkpoints,
    trustedKey: options.trustedKey,
    anchor,
    head,
    onProgress: options.onProgress ? (done) => options.onProgress!(done, total) : undefined,
  });
}
