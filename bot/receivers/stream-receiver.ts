import type { InboxWriter } from '../../core/messaging/inbox.port.js';
import { parseCardCallback, type CardCallback, type CardCallbackResponse } from './card-callback.js';
import { parseRobotMessage } from './robot-message.js';

export const TOPIC_ROBOT = '/v1.0/im/bot/messages/get';
export const TOPIC_CARD = '/v1.0/card/instances/callback';

/** A pushed frame (dingtalk-stream's DWClientDownStream): `data` is a JSON string. */
export interface StreamFrame {
  readonly headers: { readonly messageId: string; readonly topic?: string };
  readonly data: string;
}

/** The part of dingtalk-stream's DWClient we use; tests drive a fake with the same shape. */
export interface StreamClient {
  registerCallbackListener(topic: string, callback: (frame: StreamFrame) => void): unknown;
  socketCallBackResponse(messageId: string, result: unknown): void;
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
 * Stream mode: the official client feeds the same inbox and card runner as the HTTP receivers.
 * Robot frames are acknowledged once the message is durable (an un-acked push is redelivered,
 * and msgId dedupes it); card frames are acknowledged with the card update, like the HTTP answer.
 */
export class StreamReceiver {
  constructor(private readonly options: StreamReceiverOptions) {}

  async start(): Promise<void> {
    const { client } = this.options;
    client.registerCallbackListener(TOPIC_ROBOT, (frame) => void this.onRobot(frame));
    client.registerCallbackListener(TOPIC_CARD, (frame) => void this.onCard(frame));
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
