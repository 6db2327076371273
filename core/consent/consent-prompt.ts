import type { NotificationParams, Outbox, OutboundNotification } from '../messaging/notification.js';
import type { LocalizedText } from '../records/field-catalog.js';
import type { ConsentLedger, PromptCause } from './consent.port.js';
import { CONSENT_PURPOSES, type ConsentRecord, type PrivacyNotice } from './consent.js';

/**
 * The card carries an excerpt, not the whole notice: DingTalk card values hold about 1 KB each,
 * and one outbox row per person should not copy a long text thousands of times. The full text
 * is in the mini-app's privacy page.
 */
export const NOTICE_EXCERPT_CHARS = 160;

const excerpt = (s: string): { text: string; cut: boolean } => {
  const chars = [...s.trim()];
  return chars.length <= NOTICE_EXCERPT_CHARS ? { text: chars.join(''), cut: false } : { text: `${chars.slice(0, NOTICE_EXCERPT_CHARS).join('')}…`, cut: true };
};

/**
 * What the prompt card shows: the notice (both languages; the bot picks the reader's) and the
 * person's answers on this version so far. `step` counts those answers, so a button drawn after
 * an answer differs from the same button drawn before it (card presses are idempotent per params).
 */
export function promptCardData(notice: PrivacyNotice, history: readonly ConsentRecord[]): NotificationParams {
  const zh = excerpt(notice.text['zh-CN']);
  const en = excerpt(notice.text.en);
  const onThisVersion = history.filter((r) => r.noticeVersion === notice.version);
  const latest = new Map<string, boolean>();
  for (const r of onThisVersion) latest.set(r.purpose, r.granted);
  return {
    noticeVersion: notice.version,
    noticeZh: zh.text,
    noticeEn: en.text,
    cut: zh.cut || en.cut,
    answers: CONSENT_PURPOSES.filter((p) => latest.has(p))
      .map((p) => `${p}:${latest.get(p) ? 'yes' : 'no'}`)
      .join(','),
    step: onThisVersion.length,
  };
}

/** The card instance of one person's prompt for one version: the card's buttons are answered against it. */
export const promptOutTrackId = (employeeId: string, version: number): string => `consent-prompt-${employeeId}-v${version}`;

/** The notice version a pressed prompt card was for, if the card is this person's prompt. */
export function promptVersionOf(outTrackId: string, employeeId: string): number | null {
  const prefix = `consent-prompt-${employeeId}-v`;
  if (!outTrackId.startsWith(prefix)) return null;
  const rest = outTrackId.slice(prefix.length);
  return /^[1-9]\d{0,8}$/.test(rest) ? Number(rest) : null;
}

/** The prompt for one person and version; its dedupe key makes a second enqueue a no-op. */
export function consentPrompt(employeeId: string, notice: PrivacyNotice, cause: PromptCause): OutboundNotification {
  return {
    recipient: { kind: 'employee', employeeId },
    template: 'consent.prompt',
    params: { version: notice.version, cause },
    card: { kind: 'consent_prompt', outTrackId: promptOutTrackId(employeeId, notice.version), data: promptCardData(notice, []) },
    dedupeKey: `consent:prompt:${employeeId}:v${notice.version}`,
  };
}

/** The ports a prompt is written through, inside the transaction that caused it. */
export interface PromptPorts {
  readonly consents: ConsentLedger;
  readonly outbox: Outbox;
}

/**
 * Asks these people to read the current notice and choose, unless they were already asked about
 * it. Nothing happens while no notice is published (there is nothing to consent to yet).
 * Returns how many were asked.
 */
export async function askForConsent(ports: PromptPorts, employeeIds: readonly string[], cause: PromptCause, at: Date, notice?: PrivacyNotice | null): Promise<number> {
  if (employeeIds.length === 0) return 0;
  const current = notice === undefined ? await ports.consents.currentNotice() : notice;
  if (!current) return 0;
  const fresh = await ports.consents.markPrompted(employeeIds, current.version, cause, at);
  for (const id of fresh) await ports.outbox.enqueue(consentPrompt(id, current, cause));
  return fresh.length;
}

export const MAX_NOTICE_CHARS = 20_000;

/** A notice text is plain text in both languages, neither blank nor huge. Returns the bad locale. */
export function invalidNoticeText(text: LocalizedText): keyof LocalizedText | null {
  for (const locale of ['zh-CN', 'en'] as const) {
    const t = text[locale];
    if (typeof t !== 'string' || t.trim().length === 0 || t.length > MAX_NOTICE_CHARS || /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(t)) return locale;
  }
  return null;
}
