import { describe, expect, it } from 'vitest';
import type { InboundMessage, InboxWriter } from '../../core/messaging/inbox.port.js';
import { StreamReceiver, TOPIC_CARD, TOPIC_ROBOT, type StreamClient, type StreamFrame } from '../../bot/receivers/stream-receiver.js';

/** The DWClient surface the receiver uses: listeners by topic and the acks it sends. */
class FakeStreamClient implements StreamClient {
  readonly listeners = new Map<string, (f: StreamFrame) => void>();
  readonly acks: Array<{ messageId: string; result: unknown }> = [];
  connected = false;
  registerCallbackListener(topic: string, cb: (f: StreamFrame) => void) {
    this.listeners.set(topic, cb);
    return this;
  }
  socketCallBackResponse(messageId: string, result: unknown) {
    this.acks.push({ messageId, result });
  }
  async connect() {
    this.connected = true;
  }
  disconnect() {
    this.connected = false;
  }
}

class Inbox implements InboxWriter {
  readonly rows: InboundMessage[] = [];
  fail = false;
  async write(m: InboundMessage) {
    if (this.fail) throw new Error('database down');
    if (this.rows.some((r) => r.msgId === m.msgId)) return 'duplicate' as const;
    this.rows.push(m);
    return 'accepted' as const;
  }
}

const robotFrame = (messageId: string, msgId: string): StreamFrame => ({
  headers: { messageId, topic: TOPIC_ROBOT },
  data: JSON.stringify({ msgId, msgtype: 'text', text: { content: '帮助' }, senderStaffId: 'user_lina', conversationType: '1' }),
});

function setup() {
  const client = new FakeStreamClient();
  const inbox = new Inbox();
  const errors: string[] = [];
  const receiver = new StreamReceiver({
    client,
    inbox,
    now: () => 1,
    runCardAction: async (cb) => ({ cardData: { cardParamMap: { status: `ran ${cb.actionId}` } } }),
    onError: (topic) => errors.push(topic),
  });
  return { client, inbox, errors, receiver };
}

describe('stream mode', () => {
  it('subscribes to robot messages and card callbacks, and feeds the same inbox (acked after the write, deduped on msgId)', async () => {
    const { client, inbox, receiver } = setup();
    await receiver.start();
    expect([...client.listeners.keys()]).toEqual([TOPIC_ROBOT, TOPIC_CARD]);
    expect(client.connected).toBe(true);
    await receiver.onRobot(robotFrame('f1', 'm1'));
    await receiver.onRobot(robotFrame('f2', 'm1')); // redelivered push
    expect(inbox.rows.map((r) => [r.msgId, r.transport])).toEqual([['m1', 'stream']]);
    expect(client.acks).toEqual([
      { messageId: 'f1', result: null },
      { messageId: 'f2', result: null },
    ]);
  });

  it('does not ack a robot message it could not store, so the platform pushes it again', async () => {
    const { client, inbox, errors, receiver } = setup();
    inbox.fail = true;
    await receiver.onRobot(robotFrame('f3', 'm3'));
    expect(client.acks).toEqual([]);
    expect(errors).toEqual([TOPIC_ROBOT]);
  });

  it('acks a card callback with the card update, as the HTTP answer would be', async () => {
    const { client, receiver } = setup();
    await receiver.onCard({
      headers: { messageId: 'c1', topic: TOPIC_CARD },
      data: JSON.stringify({ outTrackId: 'ot', userId: 'user_lina', content: JSON.stringify({ cardPrivateData: { actionIds: ['set_locale'], params: {} } }) }),
    });
    expect(client.acks).toEqual([{ messageId: 'c1', result: { cardData: { cardParamMap: { status: 'ran set_locale' } } } }]);
  });
});
