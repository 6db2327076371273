import type { Locale } from '../../core/messaging/notification.js';
import { CONSENT_PURPOSES } from '../../core/consent/consent.js';
import type { RetentionStatementLine } from '../../core/retention/retention-statement.js';
import type { CardButton } from '../cards/card-renderer.js';
import { isMessageKey, translate, type Params } from '../i18n/translator.js';

type Drawn = { title: string; markdown: string; buttons: CardButton[] };

const s = (v: Params[string] | undefined): string => (v === null || v === undefined ? '' : String(v));
const unlessDone = (data: Params, buttons: CardButton[]): CardButton[] => (data.done === true ? [] : buttons);
const reasonLabel = (locale: Locale, reason: string): string => {
  const key = `offboarding.reason.${reason}`;
  return isMessageKey(key) ? translate(locale, key) : reason;
};

/** The buttons of the resignation form: one per reason category (the last day is on the card). */
export const RESIGN_REASONS = ['personal', 'family', 'career', 'other'] as const;

/** The statement lines (core/retention) worded in the reader's language, one bullet each. */
export function statementMarkdown(raw: string, locale: Locale): string {
  let lines: RetentionStatementLine[] = [];
  try {
    lines = JSON.parse(raw) as RetentionStatementLine[];
  } catch {
    lines = [];
  }
  return lines
    .map((l) => {
      const fields = l.fields.map((f) => f.label[locale]).join(locale === 'en' ? ', ' : '、');
      const until = l.until ? translate(locale, 'offboarding.statement.until', { date: l.until }) : translate(locale, 'offboarding.statement.kept');
      const atMost = l.untilAtMost ? translate(locale, 'offboarding.statement.at_most', { date: l.untilAtMost }) : '';
      return `- ${translate(locale, 'offboarding.statement.line', { fields, until, atMost, reason: translate(locale, `offboarding.statement.reason.${l.reason}`) })}`;
    })
    .join('\n');
}

/** Resignation, approval, offboarding and consent cards; merged into bot/cards/card-renderer.ts. */
export const OFFBOARDING_CARDS: Record<string, (data: Params, locale: Locale) => Drawn> = {
  resign_form: (data, locale) => ({
    title: translate(locale, 'offboarding.resign.title'),
    markdown: translate(locale, 'offboarding.resign.body', { lastDay: s(data.lastDay) }),
    buttons: unlessDone(
      data,
      RESIGN_REASONS.map((reason) => ({ id: 'resign_file', label: reasonLabel(locale, reason), params: { lastDay: s(data.lastDay), reason } })),
    ),
  }),
  resign_withdraw: (data, locale) => ({
    title: translate(locale, 'offboarding.withdraw.card_title'),
    markdown: translate(locale, 'offboarding.withdraw.card_body', { lastDay: s(data.lastDay) }),
    buttons: unlessDone(data, [{ id: 'resign_withdraw', label: translate(locale, 'offboarding.button.withdraw'), params: { caseId: s(data.caseId) } }]),
  }),
  resignation_approval: (data, locale) => ({
    title: translate(locale, 'offboarding.approval.card_title'),
    markdown: translate(locale, data.as === 'hr' ? 'offboarding.approval.card_body_hr' : 'offboarding.approval.card_body_head', {
      employeeName: s(data.employeeName),
      lastDay: s(data.lastDay),
      reason: reasonLabel(locale, s(data.reason)),
    }),
    buttons: unlessDone(data, [
      { id: 'offboarding_decide', label: translate(locale, 'offboarding.button.approve'), params: { caseId: s(data.caseId), as: s(data.as), decision: 'approve' } },
      { id: 'offboarding_decide', label: translate(locale, 'offboarding.button.reject'), params: { caseId: s(data.caseId), as: s(data.as), decision: 'reject' } },
    ]),
  }),
  offboarding: (data, locale) => {
    const p = { caseId: s(data.caseId), noticeVersion: s(data.noticeVersion) };
    return {
      title: translate(locale, 'offboarding.card.card_title'),
      markdown: translate(locale, 'offboarding.card.card_body', { lastDay: s(data.lastDay), statement: statementMarkdown(s(data.statement), locale) }),
      buttons: unlessDone(data, [
        { id: 'offboarding_answer', label: translate(locale, 'offboarding.button.email_relay'), params: { ...p, channel: 'email', relay: 'yes' } },
        { id: 'offboarding_answer', label: translate(locale, 'offboarding.button.email_only'), params: { ...p, channel: 'email', relay: 'no' } },
        { id: 'offboarding_answer', label: translate(locale, 'offboarding.button.none'), params: { ...p, channel: 'none', relay: 'no' } },
      ]),
    };
  },
  consents: (data, locale) => {
    const granted = new Set(s(data.granted).split(',').filter(Boolean));
    const lines = CONSENT_PURPOSES.map(
      (p) => `- ${translate(locale, `consent.purpose.${p}`)}: **${translate(locale, granted.has(p) ? 'consent.state.granted' : 'consent.state.not_granted')}**`,
    );
    return {
      title: translate(locale, 'consent.title'),
      markdown: translate(locale, 'consent.body', { version: s(data.noticeVersion), notice: s(data.notice), lines: lines.join('\n') }),
      buttons: CONSENT_PURPOSES.map((p) => ({
        id: 'consent_set',
        label: `${translate(locale, granted.has(p) ? 'consent.button.withdraw' : 'consent.button.grant')} · ${translate(locale, `consent.purpose.${p}`)}`,
        params: { purpose: p, granted: granted.has(p) ? 'no' : 'yes', step: s(data.step) || '0' },
      })),
    };
  },
};
