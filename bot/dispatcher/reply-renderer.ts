import type { Locale, OutboundNotification, ReplySession } from '../../core/messaging/notification.js';
import type { TextMessage } from '../../core/messaging/messenger.port.js';
import { translate, type Params } from '../i18n/translator.js';
import type { Reply, TextPart } from './bot-context.js';

/** Template name of a reply rendered by the bot itself (params: title, markdown). */
export const BOT_TEXT = 'bot.text';
export const BOT_CARD = 'bot.card';

function renderPart(part: TextPart, locale: Locale): string {
  const params: Record<string, Params[string]> = { ...part.params };
  for (const [name, key] of Object.entries(part.refs ?? {})) params[name] = translate(locale, key);
  return translate(locale, part.key, params);
}

export function renderText(reply: Extract<Reply, { kind: 'text' }>, locale: Locale): TextMessage {
  return { title: translate(locale, reply.title), markdown: reply.parts.map((p) => renderPart(p, locale)).join('\n\n') };
}

export interface ReplyTarget {
  /** Stable per inbound message or card press: the outbox dedupes on it. */
  readonly correlationKey: string;
  readonly userId: string;
  readonly locale: Locale;
  readonly session?: ReplySession;
}

/**
 * Replies become outbox notifications. Text is rendered now, in the sender's locale (the
 * dispatcher knew it); cards are drawn at delivery from their kind and data.
 */
export function repliesToNotifications(replies: readonly Reply[], target: ReplyTarget): OutboundNotification[] {
  return replies.map((reply, i): OutboundNotification => {
    const base = {
      recipient: { kind: 'messenger_user', userId: target.userId } as const,
      dedupeKey: `${target.correlationKey}:${i}`,
      locale: target.locale,
    };
    if (reply.kind === 'text') {
      const { title, markdown } = renderText(reply, target.locale);
      return { ...base, template: BOT_TEXT, params: { title, markdown }, ...(target.session ? { replySession: target.session } : {}) };
    }
    return {
      ...base,
      template: BOT_CARD,
      params: {},
      card: { kind: reply.card, outTrackId: `${target.correlationKey.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 80)}-${i}`, data: reply.data },
    };
  });
}
