import { IntegrityError, KEY_BYTES, open, seal } from '../crypto/aes-gcm.js';
import { KeyRing } from '../crypto/key-ring.js';
import type { DataKeyCache } from '../crypto/data-key-cache.js';
import type { ShredSecretStore } from './shred-secrets.js';

type Ref = { dataKeyId: string; employeeId: string; scope: string };
const innerAad = (ref: Ref) => Buffer.from(`shred|${ref.dataKeyId}|${ref.employeeId}|${ref.scope}|v1`, 'utf8');

/**
 * The key ring with a second, destroyable wrapping layer: data key → sealed under its own
 * shred secret (held outside the database) → sealed under the master key (from config).
 * Both are needed to open it. Destroying the secret is crypto-shredding that reaches every
 * copy of the database, because no copy ever held the secret.
 *
 * Keys wrapped before this layer existed (no secret on file) keep working under the master
 * key alone; `keys rotate` re-wraps them through `wrap`, which gives them a secret.
 */
export class ShreddableKeyRing extends KeyRing {
  constructor(
    current: Buffer,
    retired: readonly Buffer[],
    readonly secrets: ShredSecretStore,
    cache?: DataKeyCache,
  ) {
    super(current, retired, cache);
  }

  override wrap(dataKey: Buffer, ref: Ref): { kekId: string; wrapped: Buffer } {
    const inner = seal(this.secrets.getOrCreate(ref.dataKeyId), dataKey, innerAad(ref));
    return super.wrap(inner, ref);
  }

  override unwrap(kekId: string, wrapped: Buffer, ref: Ref): Buffer {
    const outer = super.unwrap(kekId, wrapped, ref);
    const secret = this.secrets.get(ref.dataKeyId);
    if (secret) return open(secret, outer, innerAad(ref), `data key ${ref.dataKeyId}`);
    // A bare data key was wrapped before the layer existed; anything else lost its secret: shredded.
    if (outer.length === KEY_BYTES) return outer;
    throw new IntegrityError(`data key ${ref.dataKeyId} (shredded)`);
  }

  // Secrets are committed before the caller's database transaction: a crash in between leaves
  // unused secrets (harmless), never wrapped keys whose secret is missing (unreadable data).
  override beginBulk(): void {
    this.secrets.begin();
  }

  override commitBulk(): void {
    this.secrets.commit();
  }

  override rollbackBulk(): void {
    this.secrets.rollback();
  }

  /** Destroys the secrets (and wipes any cached copy of the keys). `compact()` after the last one. */
  shred(dataKeyIds: readonly string[]): number {
    for (const id of dataKeyIds) this.cache.forget(id);
    return this.secrets.destroy(dataKeyIds);
  }

  /** Leaves no destroyed secret in the key file's WAL (once per purge run, not per batch). */
  compact(): void {
    this.secrets.compact();
  }
}
