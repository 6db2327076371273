import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { IntegrityError } from '../../storage/crypto/aes-gcm.js';
import { DataKeyCache } from '../../storage/crypto/data-key-cache.js';
import { KeyRing, UnknownKekError, kekIdOf } from '../../storage/crypto/key-ring.js';

const ref = { dataKeyId: 'dk-1', employeeId: 'emp-1', scope: 'emergency' };

describe('master key ring', () => {
  it('identifies a master key by a short fingerprint that does not reveal it', () => {
    const k = randomBytes(32);
    expect(kekIdOf(k)).toMatch(/^[0-9a-f]{16}$/);
    expect(kekIdOf(k)).toBe(kekIdOf(Buffer.from(k)));
    expect(kekIdOf(k)).not.toBe(kekIdOf(randomBytes(32)));
    expect(kekIdOf(k)).not.toContain(k.toString('hex').slice(0, 16));
  });

  it('wraps under the current key and unwraps under current or retired keys', () => {
    const oldKey = randomBytes(32);
    const newKey = randomBytes(32);
    const dek = randomBytes(32);
    const before = new KeyRing(oldKey).wrap(dek, ref);
    expect(before.kekId).toBe(kekIdOf(oldKey));
    const ring = new KeyRing(newKey, [oldKey]);
    expect(ring.unwrap(before.kekId, before.wrapped, ref).equals(dek)).toBe(true);
    const after = ring.wrap(dek, ref);
    expect(after.kekId).toBe(kekIdOf(newKey));
    expect(new KeyRing(newKey).unwrap(after.kekId, after.wrapped, ref).equals(dek)).toBe(true);
  });

  it('refuses a wrapped key moved to another row, and names an unknown master key', () => {
    const ring = new KeyRing(randomBytes(32));
    const { kekId, wrapped } = ring.wrap(randomBytes(32), ref);
    expect(() => ring.unwrap(kekId, wrapped, { ...ref, employeeId: 'emp-2' })).toThrow(IntegrityError);
    expect(() => ring.unwrap(kekId, wrapped, { ...ref, scope: 'contract' })).toThrow(IntegrityError);
    expect(() => new KeyRing(randomBytes(32)).unwrap(kekId, wrapped, ref)).toThrow(UnknownKekError);
  });

  it('rejects master keys that are not 32 bytes', () => {
    expect(() => new KeyRing(randomBytes(16))).toThrow(/32 bytes/);
  });
});

describe('data key cache', () => {
  it('evicts the least recently used key past its bound and wipes it', () => {
    const cache = new DataKeyCache(2, 60_000, () => 0);
    const a = Buffer.alloc(32, 1);
    cache.set('a', a);
    cache.set('b', Buffer.alloc(32, 2));
    cache.get('a');
    cache.set('c', Buffer.alloc(32, 3));
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')?.[0]).toBe(1);
    expect(cache.size).toBe(2);
  });

  it('drops keys after their time, and wipes a forgotten key in place', () => {
    let now = 0;
    const cache = new DataKeyCache(10, 1000, () => now);
    cache.set('a', Buffer.alloc(32, 7));
    const held = cache.get('a')!;
    cache.forget('a');
    expect(held.every((b) => b === 0)).toBe(true);
    cache.set('b', Buffer.alloc(32, 7));
    now = 1000;
    expect(cache.get('b')).toBeUndefined();
  });
});
