import { randomUUID } from 'node:crypto';
import { EventCrypto, randomNonce, type EventCryptoOptions } from '../receivers/event-crypto.js';

export interface EmulatedEvent {
  readonly type: string;
  readonly userIds: readonly string[];
  /** Defaults to a fresh id; pass the same one twice to emulate the platform's retry. */
  readonly eventId?: string;
  /** Milliseconds; defaults to now (an old value emulates a stale or replayed push). */
  readonly timestamp?: number;
}

export interface SignedEventRequest {
  readonly query: Record<string, string>;
  readonly body: { readonly encrypt: string };
}

/**
 * The platform's HTTP event push (dingtalk.md §6.3, §8): builds the decrypted event body,
 * encrypts and signs it with the app's token and aes_key, and POSTs it to the app's
 * /dingtalk/events, as DingTalk does for each subscribed event.
 */
export class EventPusher {
  private readonly crypto: EventCrypto;
  target: string | undefined;

  constructor(
    options: EventCryptoOptions,
    private readonly corpId: string,
  ) {
    this.crypto = new EventCrypto(options);
  }

  build(event: EmulatedEvent): SignedEventRequest {
    const timestamp = String(event.timestamp ?? Date.now());
    const eventId = event.eventId ?? randomUUID().replace(/-/g, '');
    const message = JSON.stringify({
      EventType: event.type,
      EventTime: timestamp,
      CorpId: this.corpId,
      BizId: eventId,
      eventId,
      timeStamp: timestamp,
      userId: event.userIds,
    });
    const nonce = randomNonce(8);
    const encrypt = this.crypto.encrypt(message);
    return { query: { msg_signature: this.crypto.sign(timestamp, nonce, encrypt), timestamp, nonce }, body: { encrypt } };
  }

  /** Delivers one push; answers what the app answered (and whether it decrypts to `success`). */
  async push(event: EmulatedEvent): Promise<{ status: number; success: boolean }> {
    if (!this.target) throw new Error('no event target: the app has not started');
    const req = this.build(event);
    const res = await fetch(`${this.target}?${new URLSearchParams(req.query)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(req.body),
    });
    const answer = (await res.json().catch(() => null)) as { msg_signature?: unknown; timeStamp?: unknown; nonce?: unknown; encrypt?: unknown } | null;
    return { status: res.status, success: res.ok && this.isSuccess(answer) };
  }

  /** The platform accepts an answer only if it is signed and decrypts to `success`. */
  private isSuccess(a: { msg_signature?: unknown; timeStamp?: unknown; nonce?: unknown; encrypt?: unknown } | null): boolean {
    if (!a || typeof a.msg_signature !== 'string' || typeof a.timeStamp !== 'string' || typeof a.nonce !== 'string' || typeof a.encrypt !== 'string') return false;
    if (!this.crypto.verify(a.msg_signature, a.timeStamp, a.nonce, a.encrypt)) return false;
    const plain = this.crypto.decrypt(a.encrypt);
    return plain.ok && plain.message === 'success';
  }
}
