import type { Locale } from '../messaging/notification.js';
import type { IdGenerator } from '../shared/ids.port.js';
import type { ContactLinkRecord, ContactLinks, LinkPurpose } from './contact-store.port.js';
import { hashNonce, LinkSigner, type LinkPayload } from './link-token.js';

export interface IssuedLinks {
  readonly answerUrl: string;
  readonly settingsUrl: string;
}

/**
 * Issues the two links every mail carries (answer, and change channel / stop relays) and checks
 * them when they come back. Pages live outside the messenger at `{publicBaseUrl}/r/{token}`.
 */
export class ContactLinkIssuer {
  constructor(
    readonly signer: LinkSigner,
    private readonly publicBaseUrl: string,
  ) {}

  async issue(links: ContactLinks, ids: IdGenerator, requestId: string, expiresAt: Date, locale: Locale): Promise<IssuedLinks> {
    const url = async (purpose: LinkPurpose, suffix: string) => {
      // Two ids: a nonce well beyond guessing even if one id source is weak.
      const nonce = `${ids.next()}.${ids.next()}`;
      await links.add({ nonceHash: hashNonce(nonce), requestId, purpose, expiresAt });
      const token = this.signer.sign({ requestId, purpose, nonce, expiresAt: expiresAt.getTime(), locale });
      return `${this.publicBaseUrl}/r/${token}${suffix}`;
    };
    return { answerUrl: await url('answer', ''), settingsUrl: await url('settings', '/settings') };
  }

  /** Why a link does not open, or what it opens. Checking changes nothing. */
  async check(links: ContactLinks, token: string, purpose: LinkPurpose, now: Date): Promise<LinkState> {
    const signed = this.signer.verify(token);
    if (signed.state !== 'valid') return { state: 'tampered' };
    const p = signed.payload;
    const record = await links.get(hashNonce(p.nonce));
    // A genuine token always has its row; one naming another request or purpose is not ours to open.
    if (!record || record.requestId !== p.requestId || record.purpose !== p.purpose || p.purpose !== purpose)
      return { state: 'mismatch', payload: p };
    if (record.usedAt !== null) return { state: 'used', payload: p, record };
    if (record.expiresAt.getTime() <= now.getTime() || p.expiresAt <= now.getTime()) return { state: 'expired', payload: p, record };
    return { state: 'valid', payload: p, record };
  }
}

export type LinkState =
  | { readonly state: 'tampered' }
  | { readonly state: 'mismatch'; readonly payload: LinkPayload }
  | { readonly state: 'used' | 'expired' | 'valid'; readonly payload: LinkPayload; readonly record: ContactLinkRecord };
