import { describe, expect, it } from 'vitest';
import { MemoryInbox } from './support/memory-inbox.js';
import { EventCrypto, eventSignature, isEventAesKey } from '../../bot/receivers/event-crypto.js';
import { EventReceiver, type EventRequest } from '../../bot/receivers/event-receiver.js';
import { inboxEvent } from '../../bot/receivers/messenger-event.js';
import { EventPusher } from '../../bot/emulator/event-pusher.js';

/** The official test vector (open-dingtalk/DingTalk-Callback-Crypto, DingCallbackCrypto3.py; dingtalk.md §6.3). */
const VECTOR = {
  token: 'mryue',
  aesKey: 'Yue0EfdN5900c1ce5cf6A152c63DDe1808a60c5ecd7',
  ownerKey: 'ding6ccabc44d2c8d38b',
  timestamp: '1608001896814',
  nonce: 'WL4PK6yA',
  signature: '03044561471240d4a14bb09372dfcfd4fd0e40cb',
  encrypt: '0vJiX6vliEpwG3U45CtXqi+m8PXbQRARJ8p8BbDuD1EMTDf0jKpQ79QS93qEk7XHpP6u+oTTrd15NRPvNvmBKyDCYxxOK+HZeKju4yhELOFchzNukR+t8SB/qk4ROMu3',
};

describe('DingTalk event crypto', () => {
  const crypto = new EventCrypto(VECTOR);

  it('reproduces the published signature and decrypts the published message to check_url', () => {
    expect(eventSignature(VECTOR.token, VECTOR.timestamp, VECTOR.nonce, VECTOR.encrypt)).toBe(VECTOR.signature);
    expect(crypto.verify(VECTOR.signature, VECTOR.timestamp, VECTOR.nonce, VECTOR.encrypt)).toBe(true);
    expect(crypto.decrypt(VECTOR.encrypt)).toEqual({ ok: true, message: '{"EventType":"check_url"}' });
  });

  it('rejects a changed signature, nonce or timestamp, and another owner key', () => {
    expect(crypto.verify(VECTOR.signature.replace(/^0/, '1'), VECTOR.timestamp, VECTOR.nonce, VECTOR.encrypt)).toBe(false);
    expect(crypto.verify(VECTOR.signature, VECTOR.timestamp, 'WL4PK6yB', VECTOR.encrypt)).toBe(false);
    expect(crypto.verify(VECTOR.signature, '1608001896815', VECTOR.nonce, VECTOR.encrypt)).toBe(false);
    expect(new EventCrypto({ ...VECTOR, ownerKey: 'dingOtherApp' }).decrypt(VECTOR.encrypt)).toEqual({ ok: false, reason: 'wrong_owner' });
  });

  it('round-trips UTF-8 of any length (PKCS#7 over 32-byte blocks, length in bytes) and never throws on garbage', () => {
    for (const msg of ['', 'success', '{"EventType":"user_leave_org","userId":["张伟"]}', 'x'.repeat(31), 'y'.repeat(32), '离职'.repeat(100)]) {
      const enc = crypto.encrypt(msg);
      expect(Buffer.from(enc, 'base64').length % 32).toBe(0);
      expect(crypto.decrypt(enc)).toEqual({ ok: true, message: msg });
    }
    for (const junk of ['', '!!!', 'AAAA', Buffer.alloc(48, 7).toString('base64'), VECTOR.encrypt.slice(0, -24)])
      expect(crypto.decrypt(junk).ok).toBe(false);
    const flipped = Buffer.from(VECTOR.encrypt, 'base64');
    flipped[flipped.length - 1]! ^= 0xff;
    expect(crypto.decrypt(flipped.toString('base64')).ok).toBe(false);
  });

  it('accepts only 43-character keys that decode to 32 bytes', () => {
    expect(isEventAesKey(VECTOR.aesKey)).toBe(true);
    expect(isEventAesKey(VECTOR.aesKey.slice(1))).toBe(false);
    expect(isEventAesKey(`${VECTOR.aesKey.slice(1)}-`)).toBe(false);
    expect(() => new EventCrypto({ ...VECTOR, aesKey: 'short' })).toThrow();
  });
});

const NOW = 1_700_000_000_000;
const options = { token: 'boundaryToken1', aesKey: Buffer.alloc(32, 9).toString('base64').slice(0, 43), ownerKey: 'ding-app-key' };

function setup() {
  const inbox = new MemoryInbox();
  const ignored: string[] = [];
  const receiver = new EventReceiver({ crypto: new EventCrypto(options), windowMs: 3_600_000, inbox, now: () => NOW, onIgnored: (t) => ignored.push(t) });
  const pusher = new EventPusher(options, 'dingcorp');
  const call = (query: Record<string, string>, body: unknown) => {
    const req: EventRequest = {
      header: () => undefined,
      query: (name) => query[name],
      rawBody: Buffer.from(typeof body === 'string' ? body : JSON.stringify(body)),
    };
    return receiver.handle(req);
  };
  return { inbox, ignored, pusher, call };
}

/** What the platform checks in our answer: signed with our token, decrypting to `success` for our owner key. */
function expectSuccess(body: unknown) {
  const b = body as { msg_signature: string; timeStamp: string; nonce: string; encrypt: string };
  const c = new EventCrypto(options);
  expect(b.timeStamp).toBe(String(NOW));
  expect(c.verify(b.msg_signature, b.timeStamp, b.nonce, b.encrypt)).toBe(true);
  expect(c.decrypt(b.encrypt)).toEqual({ ok: true, message: 'success' });
}

describe('POST /dingtalk/events receiver', () => {
  it('stores user_leave_org once per eventId and answers the encrypted success each time', async () => {
    const { inbox, pusher, call } = setup();
    const req = pusher.build({ type: 'user_leave_org', userIds: ['user_zhang', 'user_li'], eventId: 'ev-1', timestamp: NOW - 10_000 });
    const first = await call(req.query, req.body);
    const again = await call(req.query, req.body); // the platform's retry
    expect([first.status, again.status]).toEqual([200, 200]);
    expectSuccess(first.body);
    expectSuccess(again.body);
    expect(inbox.rows.map((r) => [r.msgId, r.transport])).toEqual([['event:ev-1', 'http']]);
    expect(inboxEvent(JSON.parse(inbox.rows[0]!.payload))).toMatchObject({ type: 'user_leave_org', eventId: 'ev-1', corpId: 'dingcorp', userIds: ['user_zhang', 'user_li'] });
  });

  it('accepts the legacy `signature` and `timeStamp` parameter names', async () => {
    const { inbox, pusher, call } = setup();
    const req = pusher.build({ type: 'user_leave_org', userIds: ['u1'], eventId: 'ev-legacy', timestamp: NOW });
    const r = await call({ signature: req.query.msg_signature!, timeStamp: req.query.timestamp!, nonce: req.query.nonce! }, req.body);
    expect(r.status).toBe(200);
    expect(inbox.rows).toHaveLength(1);
  });

  it('answers check_url and other event types with success and stores nothing', async () => {
    const { inbox, ignored, pusher, call } = setup();
    for (const type of ['check_url', 'user_add_org', 'org_dept_create']) {
      const req = pusher.build({ type, userIds: ['u1'], timestamp: NOW });
      const r = await call(req.query, req.body);
      expect(r.status).toBe(200);
      expectSuccess(r.body);
    }
    expect(inbox.rows).toEqual([]);
    expect(ignored).toEqual(['user_add_org', 'org_dept_create']);
  });

  it('refuses bad signatures, stale or malformed timestamps, foreign keys and garbage with 4xx, storing nothing', async () => {
    const { inbox, pusher, call } = setup();
    const good = pusher.build({ type: 'user_leave_org', userIds: ['u1'], eventId: 'ev-bad', timestamp: NOW });
    const stale = pusher.build({ type: 'user_leave_org', userIds: ['u1'], eventId: 'ev-stale', timestamp: NOW - 3_601_000 });
    const otherApp = new EventPusher({ ...options, ownerKey: 'ding-other-app' }, 'dingcorp').build({ type: 'user_leave_org', userIds: ['u1'], timestamp: NOW });
    const otherKey = new EventPusher({ ...options, aesKey: Buffer.alloc(32, 1).toString('base64').slice(0, 43) }, 'dingcorp').build({ type: 'user_leave_org', userIds: ['u1'], timestamp: NOW });
    const cases: Array<[string, Record<string, string>, unknown, number, string | undefined]> = [
      ['wrong signature', { ...good.query, msg_signature: '0'.repeat(40) }, good.body, 401, 'bad_signature'],
      ['tampered body', good.query, { encrypt: good.body.encrypt.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')) }, 401, 'bad_signature'],
      ['no signature', { timestamp: good.query.timestamp!, nonce: good.query.nonce! }, good.body, 401, 'missing'],
      ['stale', stale.query, stale.body, 401, 'stale'],
      ['timestamp not a number', { ...good.query, timestamp: 'now' }, good.body, 401, 'malformed_timestamp'],
      ['another app (owner key)', otherApp.query, otherApp.body, 401, 'wrong_owner'],
      ['another aes key, right token', otherKey.query, otherKey.body, 400, 'undecryptable'],
      ['not JSON', good.query, '{broken', 400, 'bad_body'],
      ['no encrypt', good.query, { plain: true }, 400, 'bad_body'],
    ];
    for (const [label, query, body, status, reason] of cases) {
      const r = await call(query, body);
      expect([label, r.status, r.rejected]).toEqual([label, status, reason]);
    }
    expect(inbox.rows).toEqual([]);
  });

  it('lets a failed inbox write surface (no success answer), so the platform retries', async () => {
    const { inbox, pusher, call } = setup();
    inbox.fail = true;
    const req = pusher.build({ type: 'user_leave_org', userIds: ['u1'], timestamp: NOW });
    await expect(call(req.query, req.body)).rejects.toThrow('database down');
  });
});
