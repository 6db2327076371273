import { describe, expect, it } from 'vitest';
import type { InboundMessage, InboxWriter } from '../../core/messaging/inbox.port.js';
import { cardSign, robotSign, robotSigner, safeEqual, verifySignedTimestamp } from '../../bot/receivers/signature.js';
import { RobotReceiver } from '../../bot/receivers/robot-receiver.js';
import { CardReceiver } from '../../bot/receivers/card-receiver.js';

const SECRET = 'this is a secret';
const NOW = 1_795_000_000_000;
const HOUR = 3_600_000;

class RecordingInbox implements InboxWriter {
  readonly written: InboundMessage[] = [];
  async write(m: InboundMessage) {
    if (this.written.some((w) => w.msgId === m.msgId)) return 'duplicate' as const;
    this.written.push(m);
    return 'accepted' as const;
  }
}

const req = (headers: Record<string, string>, body: string | Buffer) => ({
  header: (n: string) => headers[n.toLowerCase()],
  rawBody: Buffer.isBuffer(body) ? body : Buffer.from(body),
});

const message = (msgId: string) => JSON.stringify({ msgId, msgtype: 'text', text: { content: ' 帮助' }, senderStaffId: 'u1', conversationType: '1' });

function receiver(windowMs = HOUR) {
  const inbox = new RecordingInbox();
  return { inbox, robot: new RobotReceiver({ secret: SECRET, windowMs, inbox, now: () => NOW }) };
}

const signed = (ts = NOW) => ({ timestamp: String(ts), sign: robotSign(String(ts), SECRET) });

describe('robot callback signature', () => {
  it('matches the self-check value from dingtalk.md §1.2', () => {
    expect(robotSign('1577262236757', SECRET)).toBe('DJrE6qdyVGCQz9z5r2MDuNcNAhwYnuAkyj13cx169CA=');
    expect(robotSigner(SECRET)('1577262236757')).toBe('DJrE6qdyVGCQz9z5r2MDuNcNAhwYnuAkyj13cx169CA=');
  });

  it('accepts a fresh, correctly signed message and stores only the fields it needs', async () => {
    const { inbox, robot } = receiver();
    const body = JSON.stringify({ ...JSON.parse(message('m1')), senderNick: '李娜', senderId: '$:LWCP_v1:$x' });
    const res = await robot.handle(req(signed(), body));
    expect(res.status).toBe(200);
    expect(inbox.written).toHaveLength(1);
    const stored = JSON.parse(inbox.written[0]!.payload);
    expect(stored).toMatchObject({ msgId: 'm1', text: '帮助', senderStaffId: 'u1' });
    expect(inbox.written[0]!.payload).not.toContain('李娜');
  });

  it.each([
    ['a timestamp more than the window old', { timestamp: String(NOW - HOUR - 1), sign: robotSign(String(NOW - HOUR - 1), SECRET) }, 'stale'],
    ['a timestamp more than the window ahead', { timestamp: String(NOW + HOUR + 1), sign: robotSign(String(NOW + HOUR + 1), SECRET) }, 'stale'],
    ['a wrong sign', { timestamp: String(NOW), sign: robotSign(String(NOW), 'another secret') }, 'bad_signature'],
    ['a sign of a different length', { timestamp: String(NOW), sign: 'abc' }, 'bad_signature'],
    ['a malformed, very long sign', { timestamp: String(NOW), sign: '%%%'.repeat(1000) }, 'bad_signature'],
    ['no sign header', { timestamp: String(NOW) }, 'missing'],
    ['no timestamp header', { sign: robotSign(String(NOW), SECRET) }, 'missing'],
    ['a timestamp in seconds-with-letters', { timestamp: '17950x', sign: 'x' }, 'malformed_timestamp'],
  ])('refuses %s with 401 and writes nothing', async (_name, headers, reason) => {
    const { inbox, robot } = receiver();
    const res = await robot.handle(req(headers as Record<string, string>, message('m2')));
    expect(res.status).toBe(401);
    expect(res.rejected).toBe(reason);
    expect(inbox.written).toEqual([]);
  });

  it('answers 401, not 400, to an unsigned request with a broken body', async () => {
    const { inbox, robot } = receiver();
    const res = await robot.handle(req({}, '{not json'));
    expect(res.status).toBe(401);
    expect(inbox.written).toEqual([]);
  });

  it('answers 400 to a signed request that is not a robot message', async () => {
    const { inbox, robot } = receiver();
    expect((await robot.handle(req(signed(), '{not json'))).status).toBe(400);
    expect((await robot.handle(req(signed(), Buffer.from([0xff, 0xfe])))).status).toBe(400);
    expect((await robot.handle(req(signed(), '{"msgtype":"text"}'))).status).toBe(400);
    expect(inbox.written).toEqual([]);
  });

  it('honours a tighter window (DINGTALK_SIGN_WINDOW_SECONDS)', async () => {
    const { robot } = receiver(60_000);
    expect((await robot.handle(req(signed(NOW - 61_000), message('m3')))).status).toBe(401);
    expect((await robot.handle(req(signed(NOW - 59_000), message('m3')))).status).toBe(200);
  });

  it('accepts two genuine messages that share a millisecond (and so a sign), and dedupes a replay by msgId', async () => {
    const { inbox, robot } = receiver();
    const h = signed();
    expect((await robot.handle(req(h, message('a')))).status).toBe(200);
    expect((await robot.handle(req(h, message('b')))).status).toBe(200);
    expect((await robot.handle(req(h, message('a')))).status).toBe(200);
    expect(inbox.written.map((m) => m.msgId)).toEqual(['a', 'b']);
  });

  it('compares in constant time without throwing on odd input', () => {
    expect(safeEqual('abc', 'abc')).toBe(true);
    expect(safeEqual('abc', 'abcd')).toBe(false);
    expect(safeEqual('', 'x')).toBe(false);
    expect(safeEqual('\u0000\uffff', 'x')).toBe(false);
    expect(verifySignedTimestamp('1', 'x', () => 'x', 1, 0)).toEqual({ ok: true });
  });
});

describe('card callback signature (x-ddpaas-signature)', () => {
  const CARD_SECRET = 'card-secret-0123456789';
  const body = JSON.stringify({
    outTrackId: 'c1',
    userId: 'u1',
    content: JSON.stringify({ cardPrivateData: { actionIds: ['set_locale'], params: { locale: 'en' } } }),
  });
  const make = (secret: string | undefined) => {
    const runs: unknown[] = [];
    const r = new CardReceiver({ secret, now: () => NOW, run: async (cb) => (runs.push(cb), { cardData: { cardParamMap: { status: 'ok' } } }) });
    return { r, runs };
  };

  it('runs the action and answers the card update when the signature is valid', async () => {
    const { r, runs } = make(CARD_SECRET);
    const ts = String(NOW);
    const res = await r.handle(req({ 'x-ddpaas-signature-timestamp': ts, 'x-ddpaas-signature': cardSign(ts, CARD_SECRET) }, body));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ cardData: { cardParamMap: { status: 'ok' } } });
    expect(runs).toEqual([{ outTrackId: 'c1', userId: 'u1', actionId: 'set_locale', params: { locale: 'en' } }]);
  });

  it('refuses a wrong, stale or missing signature with 401 and runs nothing', async () => {
    const { r, runs } = make(CARD_SECRET);
    const old = String(NOW - 6 * 60_000);
    const cases: Record<string, string>[] = [
      { 'x-ddpaas-signature-timestamp': String(NOW), 'x-ddpaas-signature': cardSign(String(NOW), 'wrong-secret-xxxxxxxx') },
      { 'x-ddpaas-signature-timestamp': old, 'x-ddpaas-signature': cardSign(old, CARD_SECRET) },
      {},
    ];
    for (const h of cases) expect((await r.handle(req(h, body))).status).toBe(401);
    expect(runs).toEqual([]);
  });

  it('does not require a signature when no apiSecret is configured', async () => {
    const { r } = make(undefined);
    expect((await r.handle(req({}, body))).status).toBe(200);
    expect((await r.handle(req({}, '{"outTrackId":"c1"}'))).status).toBe(400);
  });
});

describe('static check: signatures are compared only through safeEqual', () => {
  it('finds no == / != / === / !== on a sign or signature value in the receivers', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const dir = join(import.meta.dirname, '../../bot/receivers');
    const offenders = readdirSync(dir)
      .filter((f) => f.endsWith('.ts'))
      .flatMap((f) =>
        readFileSync(join(dir, f), 'utf8')
          .split('\n')
          .filter((line) => /(sign|signature)\w*\s*[!=]==?|[!=]==?\s*\w*(sign|signature)/i.test(line) && !/^\s*(\/\/|\*)/.test(line))
          .map((line) => `${f}: ${line.trim()}`),
      );
    expect(offenders).toEqual([]);
  });
});
