import { CONSENT_PURPOSES, type ConsentPurpose } from '../../core/consent/consent.js';
import type { Locale } from '../../core/messaging/notification.js';
import type { CardButton } from './card-renderer.js';
import { translate, type Params } from '../i18n/translator.js';

type Drawn = { title: string; markdown: string; buttons: CardButton[] };
const s = (v: Params[string] | undefined): string => (v === null || v === undefined ? '' : String(v));

/**
 * The consent prompt (sent at onboarding and when a new notice version is published): the
 * notice in the reader's language, each optional purpose with its answer on this version and a
 * grant and a decline button. Data from core's `promptCardData`; `supersededBy` retires the card.
 */
export function drawConsentPrompt(data: Params, locale: Locale): Drawn {
  const version = s(data.noticeVersion);
  const title = translate(locale, 'consent.prompt.title');
  if (data.supersededBy !== undefined && data.supersededBy !== null)
    return { title, markdown: translate(locale, 'consent.prompt.superseded', { version, current: s(data.supersededBy) }), buttons: [] };
  const answers = new Map(
    s(data.answers)
      .split(',')
      .filter(Boolean)
      .map((a) => a.split(':') as [string, string]),
  );
  const label = (p: ConsentPurpose) => translate(locale, `consent.purpose.${p}`);
  const state = (p: ConsentPurpose) =>
    translate(locale, answers.get(p) === 'yes' ? 'consent.state.granted' : answers.get(p) === 'no' ? 'consent.state.declined' : 'consent.state.unanswered');
  const lines = CONSENT_PURPOSES.map((p) => `- ${label(p)}: **${state(p)}**`).join('\n');
  const step = s(data.step) || '0';
  return {
    title,
    markdown: translate(locale, 'consent.prompt.card_body', {
      version,
      notice: s(locale === 'en' ? data.noticeEn : data.noticeZh),
      more: data.cut === true ? translate(locale, 'consent.prompt.more') : '',
      lines,
    }),
    buttons: CONSENT_PURPOSES.flatMap((p) =>
      (['yes', 'no'] as const).map((granted) => ({
        id: 'consent_answer',
        label: `${translate(locale, granted === 'yes' ? 'consent.button.grant' : 'consent.button.decline')} · ${label(p)}`,
        // The notice version is the card's own (its outTrackId): DingTalk holds about 1 KB per card value.
        params: { purpose: p, granted, step },
      })),
    ),
  };
}
