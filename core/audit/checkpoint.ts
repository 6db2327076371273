import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import type { ChainPoint } from './chain.js';

export const CHECKPOINT_KINDS = ['periodic', 'forced', 'prune'] as const;
export type CheckpointKind = (typeof CHECKPOINT_KINDS)[number];

/**
 * A signed statement "the chain had hash `hash` at `seq` at `time`", one JSON line in a file
 * outside the database. A `prune` checkpoint also says "entries up to and including `seq`
 * may be gone": verification then starts from its (seq, hash).
 */
export interface Checkpoint extends ChainPoint {
  readonly time: string; // ISO UTC
  readonly kind: CheckpointKind;
  /** Base64 of the raw 32-byte Ed25519 public key (informative: verifiers use a trusted key). */
  readonly publicKey: string;
  /** Base64 Ed25519 signature over `checkpointMessage`. */
  readonly signature: string;
}

// DER prefixes that turn raw Ed25519 key bytes into PKCS#8 / SPKI documents for node:crypto.
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_ED25519_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/** The exact bytes signed: a domain tag plus every field a verifier relies on, newline-separated. */
export function checkpointMessage(c: Pick<Checkpoint, 'seq' | 'hash' | 'time' | 'kind'>): Buffer {
  return Buffer.from(`boundary/access-log/checkpoint/v1\n${c.seq}\n${c.hash}\n${c.time}\n${c.kind}`, 'utf8');
}

export function publicKeyFromBase64(b64: string): KeyObject {
  const raw = Buffer.from(b64, 'base64');
  if (raw.length !== 32) throw new Error('an Ed25519 public key is 32 bytes');
  return createPublicKey({ key: Buffer.concat([SPKI_ED25519_PREFIX, raw]), format: 'der', type: 'spki' });
}

/** Signs checkpoints with a key that lives in configuration, never in the database. */
export class CheckpointSigner {
  private readonly privateKey: KeyObject;
  readonly publicKey: string;

  constructor(seed: Buffer) {
    if (seed.length !== 32) throw new Error('the checkpoint signing seed must be 32 bytes');
    this.privateKey = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]), format: 'der', type: 'pkcs8' });
    this.publicKey = createPublicKey(this.privateKey).export({ format: 'der', type: 'spki' }).subarray(-32).toString('base64');
  }

  sign(point: ChainPoint, at: Date, kind: CheckpointKind): Checkpoint {
    const unsigned = { seq: point.seq, hash: point.hash, time: at.toISOString(), kind };
    const signature = sign(null, checkpointMessage(unsigned), this.privateKey).toString('base64');
    return { ...unsigned, publicKey: this.publicKey, signature };
  }
}

/** True only for a well-formed checkpoint signed by the trusted key (not the key the line names). */
export function checkpointSignatureValid(c: Checkpoint, trusted: KeyObject): boolean {
  if (!Number.isSafeInteger(c.seq) || c.seq < 0 || !/^[0-9a-f]{64}$/.test(c.hash)) return false;
  if (!(CHECKPOINT_KINDS as readonly string[]).includes(c.kind) || typeof c.signature !== 'string') return false;
  try {
    return verify(null, checkpointMessage(c), trusted, Buffer.from(c.signature, 'base64'));
  } catch {
    return false;
  }
}

/** Parses one line of a checkpoint file; `null` for a line that is not a checkpoint at all. */
export function parseCheckpointLine(line: string): Checkpoint | null {
  try {
    const v = JSON.parse(line) as Record<string, unknown>;
    if (typeof v !== 'object' || v === null) return null;
    const { seq, hash, time, kind, publicKey, signature } = v;
    if (typeof seq !== 'number' || typeof hash !== 'string' || typeof time !== 'string') return null;
    if (typeof kind !== 'string' || typeof publicKey !== 'string' || typeof signature !== 'string') return null;
    return { seq, hash, time, kind: kind as CheckpointKind, publicKey, signature };
  } catch {
    return null;
  }
}
