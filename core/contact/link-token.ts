import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { Locale } from '../messaging/notification.js';
import type { LinkPurpose } from './contact-store.port.js';

/** What a signed link carries: which request, what for, a single-use nonce, expiry and language. */
export interface LinkPayload {
  readonly requestId: string;
  readonly purpose: LinkPurpose;
  readonly nonce: string;
  /** Epoch milliseconds. */
  readonly expiresAt: number;
  readonly locale: Locale;
}

export type LinkCheck =
  | { readonly state: 'valid'; readonly payload: LinkPayload }
  /** Bad signature or malformed: someone edited or invented it. */
  | { readonly state: 'tampered' };

const b64 = (b: Buffer) => b.toString('base64url');
const PURPOSE_CODE: Record<LinkPurpose, string> = { answer: 'a', settings: 's' };

/** Only this hash of a nonce is stored; the nonce itself lives in the mail only. */
export const hashNonce = (nonce: string): string => createHash('sha256').update(`contact-link|${nonce}`).digest('hex');

/**
 * HMAC-SHA256 signed link tokens. The key is derived by the composition root from the master
 * key (HKDF, label 'contact-link'); core never sees the master key itself.
 */
export class LinkSigner {
  constructor(private readonly key: Buffer) {
    if (key.length < 32) throw new Error('link key must be at least 32 bytes');
  }

  sign(p: LinkPayload): string {
    const body = b64(Buffer.from(JSON.stringify([1, p.requestId, PURPOSE_CODE[p.purpose], p.nonce, p.expiresAt, p.locale]), 'utf8'));
    return `${body}.${b64(this.mac(body))}`;
  }

  verify(token: string): LinkCheck {
    const [body, sig, extra] = token.split('.');
    if (!body || !sig || extra !== undefined || token.length > 1024) return { state: 'tampered' };
    const given = Buffer.from(sig, 'base64url');
    const expected = this.mac(body);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { state: 'tampered' };
    try {
      const parts = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as unknown;
      if (!Array.isArray(parts) || parts[0] !== 1) return { state: 'tampered' };
      const [, requestId, purpose, nonce, expiresAt, locale] = parts as unknown[];
      if (typeof requestId !== 'string' || typeof nonce !== 'string' || typeof expiresAt !== 'number') return { state: 'tampered' };
      if (purpose !== 'a' && purpose !== 's') return { state: 'tampered' };
      if (locale !== 'zh-CN' && locale !== 'en') return { state: 'tampered' };
      return { state: 'valid', payload: { requestId, purpose: purpose === 'a' ? 'answer' : 'settings', nonce, expiresAt, locale } };
    } catch {
      return { state: 'tampered' };
    }
  }

  /** A per-link CSRF token for the page's forms: bound to this exact link token. */
  formToken(token: string): string {
    return b64(createHmac('sha256', this.key).update(`form|${token}`).digest());
  }

  formTokenValid(token: string, given: string): boolean {
    const a = Buffer.from(this.formToken(token));
    const b = Buffer.from(given);
    return a.length === b.length && timingSafeEqual(a, b);
  }

  private mac(body: string): Buffer {
    return createHmac('sha256', this.key).update(`link|${body}`).digest();
  }
}
