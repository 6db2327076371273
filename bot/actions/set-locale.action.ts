import type { Locale } from '../../core/messaging/notification.js';
import { requiresEmployee, type CardActionListener } from '../dispatcher/bot-context.js';

const isLocale = (v: unknown): v is Locale => v === 'zh-CN' || v === 'en';

/** The language card's buttons: stores the preference and redraws the card in that language. */
export const setLocaleAction: CardActionListener = {
  actionId: 'set_locale',
  guard: requiresEmployee,
  async handle(ctx, input) {
    const locale = input.params.locale;
    if (!isLocale(locale)) return { card: { kind: 'language', data: { status: 'card.failed', locale: ctx.locale } } };
    const me = ctx.sender!;
    if (me.locale !== locale) await ctx.uow.employees.save({ ...me, locale });
    return { card: { kind: 'language', data: { status: 'language.done', locale } } };
  },
};
