import { IntegrityError, open, seal } from './aes-gcm.js';

/** Format version of a field ciphertext; bumps when the layout or AAD changes. */
export const FIELD_FORMAT_V1 = 1;

export interface FieldRef {
  readonly employeeId: string;
  readonly field: string;
  readonly dataKeyId: string;
}

/** AAD binds a ciphertext to its table, column (field), row (employee) and data key. */
export const fieldAad = (ref: FieldRef): Buffer =>
  Buffer.from(`field_values|${ref.field}|${ref.employeeId}|${ref.dataKeyId}|v1`, 'utf8');

/** version (1) || key-id length (1) || key id || nonce (12) || ciphertext || tag (16). */
export function encryptField(dataKey: Buffer, ref: FieldRef, plaintext: Buffer): Buffer {
  const keyId = Buffer.from(ref.dataKeyId, 'utf8');
  if (keyId.length > 255) throw new Error('data key id too long');
  const header = Buffer.allocUnsafe(2 + keyId.length);
  header[0] = FIELD_FORMAT_V1;
  header[1] = keyId.length;
  keyId.copy(header, 2);
  return seal(dataKey, plaintext, fieldAad(ref), header);
}

/** The data key id a ciphertext names, or null when the header is malformed. */
export function fieldKeyId(ciphertext: Buffer): string | null {
  if (ciphertext.length < 2 || ciphertext[0] !== FIELD_FORMAT_V1) return null;
  const len = ciphertext[1]!;
  if (ciphertext.length < 2 + len) return null;
  return ciphertext.subarray(2, 2 + len).toString('utf8');
}

/** Throws IntegrityError unless the ciphertext is intact and belongs to exactly this ref. */
export function decryptField(dataKey: Buffer, ref: FieldRef, ciphertext: Buffer): Buffer {
  const keyId = fieldKeyId(ciphertext);
  if (keyId !== ref.dataKeyId) throw new IntegrityError(`field ${ref.field}`);
  const start = 2 + Buffer.byteLength(keyId, 'utf8');
  return open(dataKey, ciphertext.subarray(start), fieldAad(ref), `field ${ref.field}`);
}
