import type { CardParams } from '../../core/messaging/messenger.port.js';
import type { Locale } from '../../core/messaging/notification.js';
import { isMessageKey, translate, type Params } from '../i18n/translator.js';
import { CONTACT_CARDS } from '../commands/contact-cards.js';
import { OFFBOARDING_CARDS } from '../commands/offboarding-cards.js';
import { drawConsentPrompt } from './consent-prompt-card.js';

/**
 * Every card uses one template (DINGTALK_CARD_TEMPLATE_ID) with these string variables:
 * `title`, `markdown`, `buttons` (JSON list of {id, label, params}), `status`, `locale`.
 * A button posts its `id` as the actionId and its `params` back in the callback.
 */
export interface CardButton {
  readonly id: string;
  readonly label: string;
  readonly params: Readonly<Record<string, string>>;
}

type CardDrawer = (data: Params, locale: Locale) => { title: string; markdown: string; buttons: CardButton[] };

const CARDS: Record<string, CardDrawer> = {
  language: (_data, locale) => ({
    title: translate(locale, 'language.title'),
    markdown: translate(locale, 'language.body'),
    buttons: [
      { id: 'set_locale', label: translate(locale, 'language.button.zh'), params: { locale: 'zh-CN' } },
      { id: 'set_locale', label: translate(locale, 'language.button.en'), params: { locale: 'en' } },
    ],
  }),
  ...CONTACT_CARDS,
  ...OFFBOARDING_CARDS,
  consent_prompt: drawConsentPrompt,
};

export class UnknownCardError extends Error {
  constructor(kind: string) {
    super(`no card drawer for ${kind}`);
    this.name = 'UnknownCardError';
  }
}

export const isKnownCard = (kind: string): boolean => kind in CARDS;

/** Draws a card; `data.status` (a message key) becomes the status line, `data.locale` overrides. */
export function renderCard(kind: string, data: Params, fallbackLocale: Locale): CardParams {
  const drawer = CARDS[kind];
  if (!drawer) throw new UnknownCardError(kind);
  const locale: Locale = data.locale === 'en' || data.locale === 'zh-CN' ? data.locale : fallbackLocale;
  const drawn = drawer(data, locale);
  const status = typeof data.status === 'string' && isMessageKey(data.status) ? translate(locale, data.status) : '';
  return { title: drawn.title, markdown: drawn.markdown, buttons: JSON.stringify(drawn.buttons), status, locale };
}
