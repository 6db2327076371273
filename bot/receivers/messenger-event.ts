import { createHash } from 'node:crypto';
import type { InboundMessage } from '../../core/messaging/inbox.port.js';

/**
 * A subscribed event (dingtalk.md §2.3 "event" envelope), whichever transport carried it.
 * Directory events (§8) carry only messenger user ids, so that is all the inbox keeps.
 */
export interface MessengerEvent {
  readonly kind: 'event';
  readonly type: string;
  /** The platform's id (eventId / BizId / the stream header), or null when it sent none. */
  readonly eventId: string | null;
  readonly corpId: string | null;
  readonly userIds: readonly string[];
}

/** The events the worker acts on; every other type is acknowledged and dropped. */
export const HANDLED_EVENTS: ReadonlySet<string> = new Set(['user_leave_org']);

const MAX_IDS = 1000;
const MAX_ID = 128;

const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 && v.length <= MAX_ID ? v : null);

/** `userId` is a list for internal apps and a single id for ISV apps (dingtalk.md §8). */
function userIds(v: unknown): string[] {
  const list = Array.isArray(v) ? v : v === undefined ? [] : [v];
  return [...new Set(list.map(str).filter((s): s is string => s !== null))].slice(0, MAX_IDS);
}

const record = (v: unknown): Record<string, unknown> | null => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null);

/** The decrypted HTTP push: `{EventType, EventTime, CorpId, BizId, eventId, timeStamp, userId[]}`. */
export function parseHttpEvent(body: unknown): MessengerEvent | null {
  const b = record(body);
  const type = b && str(b.EventType ?? b.eventType);
  if (!b || !type) return null;
  return {
    kind: 'event',
    type,
    eventId: str(b.eventId) ?? str(b.EventId) ?? str(b.BizId) ?? str(b.bizId),
    corpId: str(b.CorpId) ?? str(b.corpId),
    userIds: userIds(b.userId ?? b.UserId),
  };
}

/** A stream EVENT frame: type and ids in the headers, `data` = `{"timeStamp":"…","userId":["…"]}`. */
export function parseStreamEvent(headers: { readonly eventType?: string; readonly eventId?: string; readonly eventCorpId?: string }, data: unknown): MessengerEvent | null {
  const type = str(headers.eventType);
  if (!type) return null;
  const d = record(data) ?? {};
  return { kind: 'event', type, eventId: str(headers.eventId), corpId: str(headers.eventCorpId), userIds: userIds(d.userId ?? d.UserId) };
}

/**
 * The inbox row for an event. The dedupe key is the platform's event id; without one, a hash
 * of what was delivered (a redelivery carries the same bytes). The `event:` prefix keeps it
 * apart from robot msgIds in the same unique column.
 */
export function eventInboxMessage(event: MessengerEvent, transport: 'http' | 'stream', receivedAt: number, delivered: string): InboundMessage {
  const key = event.eventId ?? `sha256:${createHash('sha256').update(`${event.type}\n${delivered}`).digest('hex')}`;
  return { msgId: `event:${key}`, transport, receivedAt, payload: JSON.stringify(event) };
}

/** The event an inbox row holds, or null for a robot message. */
export function inboxEvent(payload: unknown): MessengerEvent | null {
  const p = record(payload);
  if (!p || p.kind !== 'event' || typeof p.type !== 'string') return null;
  return { kind: 'event', type: p.type, eventId: str(p.eventId), corpId: str(p.corpId), userIds: userIds(p.userIds) };
}
