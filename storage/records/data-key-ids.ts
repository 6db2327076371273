import { randomPool } from '../crypto/random-pool.js';

let lastMs = -1;
let counter = 0;

/**
 * Data key ids sort by creation time (ms, then a per-process counter) with 64 random bits
 * for uniqueness across processes. Ordered ids make bulk inserts append to the b-tree instead
 * of splitting random pages: the 100k import writes ~500k of them.
 */
export function newDataKeyId(now: Date): string {
  const ms = now.getTime();
  if (ms === lastMs) counter++;
  else {
    lastMs = ms;
    counter = 0;
  }
  return `${ms.toString(16).padStart(12, '0')}${counter.toString(16).padStart(6, '0')}${randomPool.take(8).toString('hex')}`;
}
