import { createHash } from 'node:crypto';
import type { NewAccessLogEntry } from './access-log-entry.js';
import { canonical } from './canonical.js';

/** h_0: SHA-256("boundary/access-log/genesis/v1"), fixed so every deployment's chain starts alike. */
export const GENESIS_HASH = '66cf5663177cecba70c7e57d1a9eb4f7828645b3f0509cb547803d75a5ad2b59';

/** A position in the chain: the last sequence number and its hash (seq 0 = genesis). */
export interface ChainPoint {
  readonly seq: number;
  readonly hash: string;
}

export const GENESIS: ChainPoint = { seq: 0, hash: GENESIS_HASH };

/** h_seq = SHA-256(h_{seq-1} as 32 raw bytes || UTF-8 canonical(entry)), hex. */
export function chainHash(prevHex: string, seq: number, entry: NewAccessLogEntry): string {
  return createHash('sha256').update(Buffer.from(prevHex, 'hex')).update(canonical(seq, entry), 'utf8').digest('hex');
}
