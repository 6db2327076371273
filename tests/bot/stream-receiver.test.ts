import { describe, expect, it } from 'vitest';
import { MemoryInbox } from './support/memory-inbox.js';
import { StreamReceiver, TOPIC_CARD, TOPIC_EVENT, TOPIC_ROBOT, type StreamClient, type StreamFrame } from '../../bot/receivers/stream-receiver.js';
import { inboxEvent } from '../../bot/receivers/messenger-event.js';
import { DWClient } from 'dingtalk-stream';

/** The DWClient surface the receiver uses: listeners by topic and the acks it sends. */
class FakeStreamClient implements StreamClient {
  readonly listeners = new Map<string, (f: StreamFrame) => void>();
  readonly acks: Array<{ messageId: string; result: unknown }> = [];
  /** Event acks: DWClient's `send` frames (data = JSON of the value). */
  readonly sent: Array<{ messageId: string; value: unknown }> = [];
  connected = false;
  /** DWClient's own handler acks SUCCESS at once; the receiver must replace it. */
  onEvent(frame: StreamFrame): void {
    this.sent.push({ messageId: frame.headers.messageId, value: { status: 'SUCCESS', by: 'sdk-default' } });
  }
  send(messageId: string, value: unknown) {
    this.sent.push({ messageId, value });
  }
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

const robotFrame = (messageId: string, msgId: string): StreamFrame => ({
  headers: { messageId, topic: TOPIC_ROBOT },
  data: JSON.stringify({ msgId, msgtype: 'text', text: { content: '帮助' }, senderStaffId: 'user_lina', conversationType: '1' }),
});

function setup() {
  const client = new FakeStreamClient();
  const inbox = new MemoryInbox();
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

  const leaveFrame = (messageId: string, eventId: string | undefined, userIds: string[], eventType = 'user_leave_org'): StreamFrame => ({
    headers: { messageId, topic: TOPIC_EVENT, eventType, ...(eventId ? { eventId } : {}), eventCorpId: 'dingcorp' },
    data: JSON.stringify({ timeStamp: '1700000000000', userId: userIds }),
  });

  it('takes over EVENT frames: user_leave_org is acked SUCCESS only after the inbox write, deduped on eventId', async () => {
    const { client, inbox, receiver } = setup();
    await receiver.start();
    client.onEvent(leaveFrame('e1', 'ev-1', ['user_zhang', 'user_li']));
    await new Promise((r) => setTimeout(r, 0));
    await receiver.onEvent(leaveFrame('e2', 'ev-1', ['user_zhang', 'user_li'])); // redelivered
    expect(inbox.rows.map((r) => [r.msgId, r.transport])).toEqual([['event:ev-1', 'stream']]);
    expect(inboxEvent(JSON.parse(inbox.rows[0]!.payload))).toEqual({ kind: 'event', type: 'user_leave_org', eventId: 'ev-1', corpId: 'dingcorp', userIds: ['user_zhang', 'user_li'] });
    expect(client.sent).toEqual([
      { messageId: 'e1', value: { status: 'SUCCESS' } },
      { messageId: 'e2', value: { status: 'SUCCESS' } },
    ]);
  });

  it('without an eventId, the same delivered bytes dedupe by hash and different ones do not', async () => {
    const { inbox, receiver } = setup();
    await receiver.onEvent(leaveFrame('e1', undefined, ['u1']));
    await receiver.onEvent(leaveFrame('e2', undefined, ['u1']));
    await receiver.onEvent(leaveFrame('e3', undefined, ['u2']));
    expect(inbox.rows).toHaveLength(2);
    expect(inbox.rows.every((r) => /^event:sha256:[0-9a-f]{64}$/.test(r.msgId))).toBe(true);
  });

  it('acks other event types and garbage SUCCESS without storing them, and answers LATER when the write fails', async () => {
    const { client, inbox, errors, receiver } = setup();
    await receiver.onEvent(leaveFrame('a1', 'ev-a', ['u1'], 'user_add_org'));
    await receiver.onEvent({ headers: { messageId: 'a2', topic: TOPIC_EVENT }, data: '{not json' });
    expect(inbox.rows).toEqual([]);
    inbox.fail = true;
    await receiver.onEvent(leaveFrame('a3', 'ev-b', ['u1']));
    expect(client.sent.map((s) => [s.messageId, (s.value as { status: string }).status])).toEqual([
      ['a1', 'SUCCESS'],
      ['a2', 'SUCCESS'],
      ['a3', 'LATER'],
    ]);
    expect(errors).toEqual([TOPIC_EVENT]);
  });

  it('with the real dingtalk-stream DWClient: an EVENT frame off the socket reaches the inbox and is acked once, with the SDK frame shape', async () => {
    const client = new DWClient({ clientId: 'ding-app', clientSecret: 'secret' });
    const socket: string[] = [];
    // No network: the socket the SDK writes acks to, and connect() as a no-op.
    Object.assign(client, { socket: { send: (s: string) => socket.push(s) }, connect: async () => {} });
    const inbox = new MemoryInbox();
    const receiver = new StreamReceiver({ client: client as unknown as StreamClient, inbox, now: () => 1, runCardAction: async () => ({}), onError: () => {} });
    await receiver.start();
    client.onDownStream(JSON.stringify({ specVersion: '1.0', type: 'EVENT', ...leaveFrame('sdk-1', 'ev-sdk', ['user_zhang']) }));
    await new Promise((r) => setTimeout(r, 10));
    expect(inbox.rows.map((r) => r.msgId)).toEqual(['event:ev-sdk']);
    expect(socket.map((s) => JSON.parse(s))).toEqual([{ code: 200, headers: { contentType: 'application/json', messageId: 'sdk-1' }, message: 'OK', data: '{"status":"SUCCESS"}' }]);
  });
});
