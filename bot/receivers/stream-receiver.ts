import type { InboxWriter } from '../../core/messaging/inbox.port.js';
import { parseCardCallback, type CardCallback, type CardCallbackResponse } from './card-callback.js';
import { eventInboxMessage, HANDLED_EVENTS, parseStreamEvent } from './messenger-event.js';
import { parseRobotMessage } from './robot-message.js';

export const TOPIC_ROBOT = '/v1.0/im/bot/messages/get';
export const TOPIC_CARD = '/v1.0/card/instances/callback';
/** Every console-ticked event subscription arrives as an EVENT frame on topic `*`. */
export const TOPIC_EVENT = '*';

/** A pushed frame (dingtalk-stream's DWClientDownStream): `data` is a JSON string. */
export interface StreamFrame {
  readonly headers: {
    readonly messageId: string;
    readonly topic?: string;
    /** EVENT frames only. */
    readonly eventType?: string;
    readonly eventId?: string;
    readonly eventCorpId?: string;
  };
  readonly data: string;
}

/** The EVENT ack (dingtalk.md §2.1): LATER asks the platform to push the event again. */
export interface EventAck {
  readonly status: 'SUCCESS' | 'LATER';
  readonly message?: string;
}

/** The part of dingtalk-stream's DWClient we use; tests drive a fake with the same shape. */
export interface StreamClient {
  registerCallbackListener(topic: string, callback: (frame: StreamFrame) => void): unknown;
  socketCallBackResponse(messageId: string, result: unknown): void;
  /**
   * DWClient calls this for every EVENT frame (topic `*`, subscribed by default) and acks at once
   * with a synchronous listener's answer; the receiver replaces it so the ack waits for the inbox.
   */
  onEvent(frame: StreamFrame): void;
  /** Sends `{code: 200, headers: {messageId}, data: JSON(value)}`: the same frame DWClient's own event ack is. */
  send(messageId: string, value: unknown): void;
  connect(): Promise<void>;
  disconnect(): void;
}

export interface StreamReceiverOptions {
  readonly client: StreamClient;
  readonly inbox: InboxWriter;
  readonly runCardAction: (callback: CardCallback) => Promise<CardCallbackResponse>;
  readonly now: () => number;
  readonly onError: (topic: string, error: unknown) => void;
}

const parse = (data: string): unknown => {
  try {
    return JSON.parse(data);
  } catch {
    return undefined;
  }
};

/**
 * Stream mode: the official client feeds the same inbox and card runner as the HTTP receivers,
 * and subscribed events (EVENT frames) the same inbox as POST /dingtalk/events.
 * Robot frames are acknowledged once the message is durable (an un-acked push is redelivered,
 * and msgId dedupes it); card frames are acknowledged with the card update, like the HTTP answer.
 */
export class StreamReceiver {
  constructor(private readonly options: StreamReceiverOptions) {}

  async start(): Promise<void> {
    const { client } = this.options;
    client.registerCallbackListener(TOPIC_ROBOT, (frame) => void this.onRobot(frame));
    client.registerCallbackListener(TOPIC_CARD, (frame) => void this.onCard(frame));
    client.onEvent = (frame) => void this.onEvent(frame);
    await client.connect();
  }

  stop(): void {
    this.options.client.disconnect();
  }

  async onRobot(frame: StreamFrame): Promise<void> {
    const { client, inbox, now, onError } = this.options;
    try {
      const message = parseRobotMessage(parse(frame.data));
      // Unparseable frames are acknowledged too: a redelivery would not parse any better.
      if (message)
        await inbox.write({ msgId: message.msgId, transport: 'stream', receivedAt: now(), payload: JSON.stringify(message) });
      client.socketCallBackResponse(frame.headers.messageId, null);
    } catch (e) {
      // Not acknowledged: the platform pushes it again and the inbox dedupes it.
      onError(TOPIC_ROBOT, e);
    }
  }

  /**
   * An EVENT frame: the events we act on are acked SUCCESS once durable in the inbox (deduped on
   * eventId), others at once; LATER when the write failed, so the platform pushes it again.
   */
  async onEvent(frame: StreamFrame): Promise<void> {
    const { client, inbox, now, onError } = this.options;
    let ack: EventAck;
    try {
      const event = parseStreamEvent(frame.headers, parse(frame.data));
      if (event && HANDLED_EVENTS.has(event.type)) await inbox.write(eventInboxMessage(event, 'stream', now(), frame.data));
      ack = { status: 'SUCCESS' };
    } catch (e) {
      onError(TOPIC_EVENT, e);
      ack = { status: 'LATER', message: 'not stored; deliver again' };
    }
    client.send(frame.headers.messageId, ack);
  }

  async onCard(frame: StreamFrame): Promise<void> {
    const { client, runCardAction, onError } = this.options;
    try {
      const callback = parseCardCallback(parse(frame.data));
      const response = callback ? await runCardAction(callback) : {};
      client.socketCallBackResponse(frame.headers.messageId, response);
    } catch (e) {
      onError(TOPIC_CARD, e);
    }
  }
}
