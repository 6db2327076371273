import { createHash, createHmac, createSecretKey, timingSafeEqual } from 'node:crypto';

/** DingTalk robot callback sign: Base64(HMAC-SHA256(key = appSecret, timestamp + "\n" + appSecret)). */
export function robotSign(timestamp: string, appSecret: string): string {
  return createHmac('sha256', appSecret).update(`${timestamp}\n${appSecret}`).digest('base64');
}

/** robotSign for one secret, with the key imported once rather than on every callback. */
export function robotSigner(appSecret: string): (timestamp: string) => string {
  const key = createSecretKey(Buffer.from(appSecret, 'utf8'));
  const suffix = `\n${appSecret}`;
  return (timestamp) => createHmac('sha256', key).update(timestamp + suffix).digest('base64');
}

/** Card callback `x-ddpaas-signature`: Base64(HMAC-SHA256(key = apiSecret, timestamp)). */
export function cardSign(timestamp: string, apiSecret: string): string {
  return createHmac('sha256', apiSecret).update(timestamp).digest('base64');
}

/**
 * Constant-time equality of two strings of any length: both are hashed first, so neither the
 * length nor the first differing byte shows in the timing, and odd input never throws.
 */
export function safeEqual(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b);
}

/**
 * Constant-time equality for a signature whose length is public (our HMACs in base64 are always
 * 44 characters): compared byte for byte after a length check, without safeEqual's two extra
 * hashes, which cost a signed webhook as much as its own HMAC.
 */
function sameSignature(given: string, expected: string): boolean {
  if (given.length !== expected.length) return false;
  const a = Buffer.from(given, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

export type SignatureCheck =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: 'missing' | 'malformed_timestamp' | 'stale' | 'bad_signature' };

const MILLIS = /^\d{1,16}$/;

/**
 * Verifies a signed timestamp: present, numeric milliseconds, within ±window of now, and a
 * matching signature. The signature covers only the timestamp (not the body): callers dedupe
 * on the message id, and the window may be tightened (DINGTALK_SIGN_WINDOW_SECONDS).
 */
export function verifySignedTimestamp(
  timestamp: string | undefined,
  signature: string | undefined,
  sign: (timestamp: string) => string,
  nowMs: number,
  windowMs: number,
): SignatureCheck {
  if (!timestamp || !signature) return { ok: false, reason: 'missing' };
  if (!MILLIS.test(timestamp)) return { ok: false, reason: 'malformed_timestamp' };
  if (Math.abs(nowMs - Number(timestamp)) > windowMs) return { ok: false, reason: 'stale' };
  return sameSignature(signature, sign(timestamp)) ? { ok: true } : { ok: false, reason: 'bad_signature' };
}
