import type { InboxWriter } from '../../core/messaging/inbox.port.js';
import type { EventCrypto } from './event-crypto.js';
import { parseJson, refused, type CallbackRequest, type CallbackResponse } from './http-callback.js';
import { eventInboxMessage, HANDLED_EVENTS, parseHttpEvent } from './messenger-event.js';

export interface EventRequest extends CallbackRequest {
  query(name: string): string | undefined;
}

export interface EventReceiverOptions {
  readonly crypto: EventCrypto;
  /** Accepted clock skew (DINGTALK_SIGN_WINDOW_SECONDS); covers the platform's retries at 10 s and 30 s. */
  readonly windowMs: number;
  readonly inbox: InboxWriter;
  readonly now: () => number;
  /** An authentic event of a type we do not act on (its type only; it is acknowledged). */
  readonly onIgnored?: (type: string) => void;
}

const MILLIS = /^\d{1,16}$/;

/**
 * POST /dingtalk/events (dingtalk.md §6.3): query `msg_signature|signature`, `timestamp|timeStamp`,
 * `nonce`; body `{"encrypt": …}`. Verifies the signature (constant time) and the clock, decrypts
 * and checks the owner key, then stores the events we act on in the durable inbox (deduped on
 * eventId) and answers the encrypted `success` once the row is committed. Anything that fails a
 * check is a 4xx and writes nothing.
 */
export class EventReceiver {
  constructor(private readonly options: EventReceiverOptions) {}

  async handle(req: EventRequest): Promise<CallbackResponse> {
    const { crypto, windowMs, now, inbox } = this.options;
    const signature = req.query('msg_signature') ?? req.query('signature');
    const timestamp = req.query('timestamp') ?? req.query('timeStamp');
    const nonce = req.query('nonce');
    if (!signature || !timestamp || !nonce) return refused(401, 'DINGTALK.SIGNATURE', 'Signature check failed', 'missing');
    if (!MILLIS.test(timestamp)) return refused(401, 'DINGTALK.SIGNATURE', 'Signature check failed', 'malformed_timestamp');
    // Pushes carry milliseconds; the legacy samples used seconds, so a 10-digit value is read as such.
    const at = timestamp.length <= 10 ? Number(timestamp) * 1000 : Number(timestamp);
    const body = parseJson(req.rawBody) as { encrypt?: unknown } | undefined;
    const encrypt = typeof body === 'object' && body !== null && typeof body.encrypt === 'string' ? body.encrypt : null;
    if (!encrypt) return refused(400, 'DINGTALK.BAD_EVENT', 'Not an encrypted event', 'bad_body');
    if (!crypto.verify(signature, timestamp, nonce, encrypt)) return refused(401, 'DINGTALK.SIGNATURE', 'Signature check failed', 'bad_signature');
    const received = now();
    if (Math.abs(received - at) > windowMs) return refused(401, 'DINGTALK.SIGNATURE', 'Signature check failed', 'stale');
    const plain = crypto.decrypt(encrypt);
    if (!plain.ok)
      return plain.reason === 'wrong_owner'
        ? refused(401, 'DINGTALK.EVENT_OWNER', 'Event is for another app', 'wrong_owner')
        : refused(400, 'DINGTALK.BAD_EVENT', 'Event could not be decrypted', 'undecryptable');
    const event = parseHttpEvent(parseJson(Buffer.from(plain.message, 'utf8')));
    if (!event) return refused(400, 'DINGTALK.BAD_EVENT', 'Not an event', 'bad_event');
    if (HANDLED_EVENTS.has(event.type)) await inbox.write(eventInboxMessage(event, 'http', received, plain.message));
    else if (event.type !== 'check_url') this.options.onIgnored?.(event.type);
    return { status: 200, body: crypto.envelope('success', String(received)) };
  }
}
