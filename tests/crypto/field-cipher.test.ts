import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { IntegrityError, NONCE_BYTES } from '../../storage/crypto/aes-gcm.js';
import { decryptField, encryptField, fieldKeyId, type FieldRef } from '../../storage/crypto/field-cipher.js';

const key = randomBytes(32);
const ref: FieldRef = { employeeId: 'emp-1', field: 'personal_phone', dataKeyId: 'dk-1' };
const phone = Buffer.from('13912345678');

describe('field cipher (AES-256-GCM, AAD = table|field|row|key)', () => {
  it('round-trips and names its data key in the header', () => {
    const ct = encryptField(key, ref, phone);
    expect(fieldKeyId(ct)).toBe('dk-1');
    expect(decryptField(key, ref, ct).toString()).toBe('13912345678');
    expect(ct.includes(phone)).toBe(false);
  });

  it('fails when any part of the binding differs: other employee, other field, other key id', () => {
    const ct = encryptField(key, ref, phone);
    expect(() => decryptField(key, { ...ref, employeeId: 'emp-2' }, ct)).toThrow(IntegrityError);
    expect(() => decryptField(key, { ...ref, field: 'personal_email' }, ct)).toThrow(IntegrityError);
    expect(() => decryptField(key, { ...ref, dataKeyId: 'dk-2' }, ct)).toThrow(IntegrityError);
  });

  it('fails with the wrong data key', () => {
    expect(() => decryptField(randomBytes(32), ref, encryptField(key, ref, phone))).toThrow(IntegrityError);
  });

  it('fails when any single byte is flipped, and when truncated', () => {
    const ct = encryptField(key, ref, phone);
    for (let i = 0; i < ct.length; i++) {
      const edited = Buffer.from(ct);
      edited[i]! ^= 0x01;
      expect(() => decryptField(key, ref, edited), `byte ${i}`).toThrow(IntegrityError);
    }
    expect(() => decryptField(key, ref, ct.subarray(0, ct.length - 1))).toThrow(IntegrityError);
    expect(() => decryptField(key, ref, ct.subarray(0, 3))).toThrow(IntegrityError);
  });

  it('gives the same plaintext a different ciphertext every time', () => {
    const a = encryptField(key, ref, phone);
    const b = encryptField(key, ref, phone);
    expect(a.equals(b)).toBe(false);
  });

  it('never repeats a (key, nonce) pair over 10^5 encryptions under one key', () => {
    const seen = new Set<string>();
    const header = 2 + Buffer.byteLength(ref.dataKeyId);
    for (let i = 0; i < 100_000; i++) {
      const ct = encryptField(key, ref, phone);
      seen.add(ct.subarray(header, header + NONCE_BYTES).toString('hex'));
    }
    expect(seen.size).toBe(100_000);
  });
});
