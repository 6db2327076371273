import { createHash } from 'node:crypto';
import { KEY_BYTES, open, seal } from './aes-gcm.js';
import { DataKeyCache } from './data-key-cache.js';
import { randomPool } from './random-pool.js';

/** Short public fingerprint of a master key: which key wrapped a data key, without revealing it. */
export function kekIdOf(masterKey: Buffer): string {
  return createHash('sha256').update('boundary-kek').update(masterKey).digest('hex').slice(0, 16);
}

/** Binds a wrapped data key to its own row, so a wrapped key copied to another row fails. */
const wrapAad = (dataKeyId: string, employeeId: string, scope: string) =>
  Buffer.from(`data_keys|${dataKeyId}|${employeeId}|${scope}|v1`, 'utf8');

export class UnknownKekError extends Error {
  constructor(readonly kekId: string) {
    super(`data key wrapped under master key ${kekId}, which is not in the key ring (add it to BOUNDARY_RETIRED_MASTER_KEYS)`);
    this.name = 'UnknownKekError';
  }
}

/**
 * The master key (KEK) that wraps new data keys, plus retired ones still accepted for
 * unwrapping while `keys rotate` re-wraps. Master keys come from config, never the database.
 */
export class KeyRing {
  readonly currentKekId: string;
  private readonly keks = new Map<string, Buffer>();
  /** Unwrapped data keys, shared by every unit of work of this process. */
  readonly cache: DataKeyCache;

  constructor(current: Buffer, retired: readonly Buffer[] = [], cache = new DataKeyCache()) {
    for (const k of [current, ...retired]) {
      if (k.length !== KEY_BYTES) throw new Error('a master key must be 32 bytes');
    }
    this.currentKekId = kekIdOf(current);
    this.keks.set(this.currentKekId, Buffer.from(current));
    for (const k of retired) {
      const id = kekIdOf(k);
      if (!this.keks.has(id)) this.keks.set(id, Buffer.from(k));
    }
    this.cache = cache;
  }

  has(kekId: string): boolean {
    return this.keks.has(kekId);
  }

  kekIds(): string[] {
    return [...this.keks.keys()];
  }

  /**
   * Bulk writes (roster import) may group the key ring's own side effects; the plain ring has
   * none. `commitBulk` must run before the caller's database transaction commits.
   */
  beginBulk(): void {}
  commitBulk(): void {}
  rollbackBulk(): void {}

  /** A fresh random 256-bit data key. */
  newDataKey(): Buffer {
    return randomPool.take(KEY_BYTES);
  }

  wrap(dataKey: Buffer, ref: { dataKeyId: string; employeeId: string; scope: string }): { kekId: string; wrapped: Buffer } {
    const kek = this.keks.get(this.currentKekId)!;
    return { kekId: this.currentKekId, wrapped: seal(kek, dataKey, wrapAad(ref.dataKeyId, ref.employeeId, ref.scope)) };
  }

  /** Throws UnknownKekError when the kek is not held, IntegrityError when the wrapped key was altered. */
  unwrap(kekId: string, wrapped: Buffer, ref: { dataKeyId: string; employeeId: string; scope: string }): Buffer {
    const kek = this.keks.get(kekId);
    if (!kek) throw new UnknownKekError(kekId);
    return open(kek, wrapped, wrapAad(ref.dataKeyId, ref.employeeId, ref.scope), `data key ${ref.dataKeyId}`);
  }
}
