import type { CardParams, TextMessage } from '../../core/messaging/messenger.port.js';
import type { Locale, OutboundNotification } from '../../core/messaging/notification.js';
import { renderCard } from '../cards/card-renderer.js';
import { isMessageKey, translate } from '../i18n/translator.js';
import { BOT_TEXT } from '../dispatcher/reply-renderer.js';

export class UnknownTemplateError extends Error {
  constructor(template: string) {
    super(`no catalog entry for template ${template}`);
    this.name = 'UnknownTemplateError';
  }
}

/**
 * A notification as a text message. The bot's own replies arrive rendered (`bot.text`);
 * core's notifications name a template whose `<template>.title` and `<template>.body` are in
 * the catalogs, rendered now in the recipient's locale.
 */
export function renderNotificationText(n: OutboundNotification, locale: Locale): TextMessage {
  if (n.template === BOT_TEXT) return { title: String(n.params.title ?? ''), markdown: String(n.params.markdown ?? '') };
  const title = `${n.template}.title`;
  const body = `${n.template}.body`;
  if (!isMessageKey(title) || !isMessageKey(body)) throw new UnknownTemplateError(n.template);
  const params = withRefs(n.params, locale);
  return { title: translate(locale, title, params), markdown: translate(locale, body, params) };
}

/** A parameter named `…Ref` holds a message key: rendered in the recipient's locale as the name without `Ref`. */
function withRefs(params: OutboundNotification['params'], locale: Locale): OutboundNotification['params'] {
  const out: Record<string, string | number | boolean | null> = { ...params };
  for (const [k, v] of Object.entries(params))
    if (k.endsWith('Ref') && typeof v === 'string' && isMessageKey(v)) out[k.slice(0, -3)] = translate(locale, v);
  return out;
}

export function renderNotificationCard(n: OutboundNotification, locale: Locale): CardParams {
  if (!n.card) throw new UnknownTemplateError(n.template);
  return renderCard(n.card.kind, n.card.data, locale);
}
