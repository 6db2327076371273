import type { Locale } from '../../core/messaging/notification.js';
import type { CardButton } from '../cards/card-renderer.js';
import { isMessageKey, translate, type Params } from '../i18n/translator.js';
import { CONTACT_REASONS } from '../../core/contact/contact-request.js';

type Drawn = { title: string; markdown: string; buttons: CardButton[] };

const s = (v: Params[string] | undefined): string => (v === null || v === undefined ? '' : String(v));
const ref = (locale: Locale, key: Params[string] | undefined): string => (typeof key === 'string' && isMessageKey(key) ? translate(locale, key) : '');
/** A finished card keeps its text and loses its buttons. */
const unlessDone = (data: Params, buttons: CardButton[]): CardButton[] => (data.done === true ? [] : buttons);

export interface CandidateCardItem {
  readonly id: string;
  readonly name: string;
  readonly department: string;
  readonly month: string;
}

/** The contact-request cards; merged into the bot's card registry (bot/cards/card-renderer.ts). */
export const CONTACT_CARDS: Record<string, (data: Params, locale: Locale) => Drawn> = {
  contact_pick: (data, locale) => {
    const items = JSON.parse(s(data.candidates) || '[]') as CandidateCardItem[];
    return {
      title: translate(locale, 'contact.title'),
      markdown: translate(locale, 'contact.pick.body', { name: s(data.name) }),
      buttons: unlessDone(
        data,
        items.map((c) => ({
          id: 'contact_pick',
          label: translate(locale, 'contact.pick.item', { name: c.name, department: c.department, month: c.month }),
          params: { targetId: c.id },
        })),
      ),
    };
  },
  contact_reason: (data, locale) => ({
    title: translate(locale, 'contact.title'),
    markdown: translate(locale, 'contact.reason.body', { name: s(data.name), department: s(data.department), month: s(data.month) }),
    buttons: unlessDone(
      data,
      CONTACT_REASONS.map((reason) => ({ id: 'contact_reason', label: translate(locale, `contact.reason.${reason}`), params: { reason } })),
    ),
  }),
  contact_confirm: (data, locale) => ({
    title: translate(locale, 'contact.title'),
    markdown: translate(locale, 'contact.confirm.body', {
      name: s(data.name),
      reason: ref(locale, data.reasonRef),
      message: s(data.message),
      review: data.review === true ? translate(locale, 'contact.confirm.review') : '',
    }),
    buttons: unlessDone(data, [
      { id: 'contact_submit', label: translate(locale, 'contact.button.submit'), params: {} },
      { id: 'contact_discard', label: translate(locale, 'contact.button.discard'), params: {} },
    ]),
  }),
  contact_offer: (data, locale) => ({
    title: translate(locale, 'contact.title'),
    markdown: translate(locale, 'contact.data_ask.offer', { name: s(data.name) }),
    buttons: unlessDone(data, [{ id: 'contact_pick', label: translate(locale, 'contact.button.file_instead'), params: { targetId: s(data.targetId) } }]),
  }),
  contact_review: (data, locale) => ({
    title: translate(locale, 'contact.review.title'),
    markdown: translate(locale, 'contact.review.body', {
      requester: s(data.requesterName),
      department: s(data.requesterDepartment),
      target: s(data.targetName),
      reason: ref(locale, data.reasonRef),
      message: s(data.message),
    }),
    buttons: unlessDone(data, [
      { id: 'contact_review', label: translate(locale, 'contact.button.approve'), params: { requestId: s(data.requestId), decision: 'approve' } },
      { id: 'contact_review', label: translate(locale, 'contact.button.reject'), params: { requestId: s(data.requestId), decision: 'cancel' } },
    ]),
  }),
  contact_mine: (data, locale) => {
    const open = JSON.parse(s(data.open) || '[]') as { id: string; name: string }[];
    return {
      title: translate(locale, 'contact.mine.title'),
      markdown: s(data.markdown),
      buttons: unlessDone(
        data,
        open.map((o) => ({ id: 'contact_cancel', label: `${translate(locale, 'contact.button.cancel')} · ${o.name}`, params: { requestId: o.id } })),
      ),
    };
  },
};
