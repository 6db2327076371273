import { connect } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardSign, robotSign } from '../../bot/receivers/signature.js';
import { EventCrypto } from '../../bot/receivers/event-crypto.js';
import { DemoApi, KEY_TABLES } from '../security/support/demo-api.js';
import { fillPath, fuzzBody, fuzzParam, fuzzQuery, hostileString, runs, wrongValue, type FuzzBody } from './support/payloads.js';

/**
 * Bad input at every public endpoint of the real server (demo mode, in-process, seeded SQLite):
 * every mounted route, anonymously and as an HR admin past the CSRF check, then signed robot and
 * card callbacks with fuzzed bodies. A refusal is a 4xx with a reason and changes nothing but,
 * at most, one refusal entry in the access log; no answer is a 5xx; the server stays healthy.
 */
interface Answer {
  status: number;
  /** The HTTP reason phrase: Node's parser refuses an oversized request line (431) before Koa, with no body. */
  statusText: string;
  text: string;
}

describe('fuzzing every public endpoint', () => {
  let api: DemoApi;
  let hrCookies = '';
  let hrCsrf = '';

  const send = async (method: string, path: string, body: FuzzBody | undefined, headers: Record<string, string> = {}): Promise<Answer> => {
    const h: Record<string, string> = { ...headers };
    if (body?.contentType) h['content-type'] = body.contentType;
    const res = await fetch(`${api.baseUrl}${path}`, { method, headers: h, body: method === 'GET' || method === 'HEAD' || !body ? undefined : new Uint8Array(body.bytes) });
    return { status: res.status, statusText: res.statusText, text: await res.text() };
  };

  /** Sends, then holds the answer to the rules: never 5xx; a 4xx has a reason and wrote nothing. */
  const check = async (label: string, request: () => Promise<Answer>): Promise<Answer> => {
    const before = await api.snapshot(KEY_TABLES.filter((t) => t !== 'access_log'));
    const logBefore = await api.count('access_log');
    const answer = await request();
    expect(answer.status, `${label}: ${answer.text.slice(0, 300)}`).toBeLessThan(500);
    if (answer.status >= 400) {
      expect(answer.text.length > 0 || (answer.status === 431 && answer.statusText.length > 0), `${label}: ${answer.status} without a reason`).toBe(true);
      expect(await api.snapshot(KEY_TABLES.filter((t) => t !== 'access_log')), label).toEqual(before);
      const added = await api.rows<{ outcome: string }>('select outcome from access_log where seq > ?', [logBefore]);
      expect(added.length, label).toBeLessThanOrEqual(1);
      expect(added.filter((e) => e.outcome === 'allowed'), label).toEqual([]);
    }
    return answer;
  };

  beforeAll(async () => {
    api = await DemoApi.start();
    const res = await fetch(`${api.baseUrl}/api/auth/demo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ employeeId: api.id('吴婷') }) });
    expect(res.status).toBe(200);
    const cookies = res.headers.getSetCookie().map((c) => c.split(';')[0]!);
    hrCookies = cookies.join('; ');
    hrCsrf = cookies.find((c) => c.startsWith('bd_csrf='))!.slice('bd_csrf='.length);
  }, 120_000);

  afterAll(async () => {
    // Still healthy after everything.
    expect((await fetch(`${api.baseUrl}/healthz`)).status).toBe(200);
    await api?.close();
  });

  it('covers every mounted route (a new route is fuzzed without editing this test)', () => {
    expect(api.server.routes.length).toBeGreaterThan(30);
    expect(api.server.routes).toEqual(expect.arrayContaining(['POST /dingtalk/robot', 'POST /dingtalk/card', 'POST /dingtalk/events', 'GET /r/:token', 'POST /r/:token', 'POST /api/employees/:id/reveal']));
  });

  it('every route, anonymously and as HR: hostile path parameters, query strings and bodies never get a 5xx and refusals change nothing', async () => {
    const routes = api.server.routes.filter((r) => !r.startsWith('GET /healthz') && !r.startsWith('GET /readyz'));
    for (const route of routes) {
      const [method, pattern] = route.split(' ') as [string, string];
      const identities = route === 'POST /api/auth/logout' ? ['anonymous'] : ['anonymous', 'hr'];
      for (const who of identities) {
        const headers: Record<string, string> = who === 'hr' ? { cookie: hrCookies, 'x-csrf-token': hrCsrf } : {};
        await fc.assert(
          fc.asyncProperty(fuzzParam, fuzzQuery, fuzzBody, async (param, query, body) => {
            const qs = new URLSearchParams(query as Record<string, string>).toString();
            const path = fillPath(pattern, param) + (qs ? `?${qs}` : '');
            await check(`${who} ${route} ${body.label}`, () => send(method, path, body, headers));
          }),
          runs(method === 'GET' ? 15 : 30, 300),
        );
      }
    }
    expect((await fetch(`${api.baseUrl}/healthz`)).status).toBe(200);
  }, 900_000);

  // By hex: an msgId may hold a NUL, which a bound text parameter would not carry through.
  const storedOnce = (msgId: string) => api.count('messaging_inbox', 'hex(msg_id) = ?', [Buffer.from(msgId).toString('hex').toUpperCase()]);

  it('the robot webhook: a valid signature with a garbage body is a 400 and stores nothing; a signed message with fuzzed fields is stored once or refused', async () => {
    const secret = api.server.services.config.dingtalk.clientSecret;
    const signed = () => {
      const ts = String(Date.now());
      return { timestamp: ts, sign: robotSign(ts, secret) };
    };
    await fc.assert(
      fc.asyncProperty(fuzzBody, async (body) => {
        const inbox = await api.count('messaging_inbox');
        const a = await check(`robot ${body.label}`, () => send('POST', '/dingtalk/robot', body, signed()));
        if (a.status !== 200) expect([400, 413]).toContain(a.status);
        if (a.status === 400) expect(a.text).toContain('DINGTALK.BAD_MESSAGE');
        if (a.status !== 200) expect(await api.count('messaging_inbox')).toBe(inbox);
        // Accepted: stored once under its msgId (an msgId seen before is a duplicate and adds nothing).
        else expect(await storedOnce((JSON.parse(body.bytes.toString()) as { msgId: string }).msgId)).toBe(1);
      }),
      runs(100, 1000),
    );
    const message = fc.record(
      { msgId: fc.oneof(fc.uuid(), hostileString), msgtype: wrongValue, text: fc.oneof(fc.record({ content: wrongValue }), wrongValue), senderStaffId: wrongValue, conversationType: wrongValue, sessionWebhook: wrongValue, sessionWebhookExpiredTime: wrongValue, createAt: wrongValue },
      { requiredKeys: ['msgId'] },
    );
    await fc.assert(
      fc.asyncProperty(message, async (m) => {
        const inbox = await api.count('messaging_inbox');
        const a = await check('robot message', () => send('POST', '/dingtalk/robot', { contentType: 'application/json', bytes: Buffer.from(JSON.stringify(m)), label: 'message' }, signed()));
        expect([200, 400]).toContain(a.status);
        if (a.status === 200) expect(await storedOnce(m.msgId)).toBe(1);
        else expect(await api.count('messaging_inbox')).toBe(inbox);
      }),
      runs(100, 1000),
    );
    // The worker digests whatever was stored without falling over.
    await new Promise((r) => setTimeout(r, 1500));
    expect((await fetch(`${api.baseUrl}/healthz`)).status).toBe(200);
  }, 600_000);

  it('the card callback: signed presses with fuzzed bodies and parameters are refused with a 400 or answered, never a 5xx', async () => {
    const secret = api.server.services.config.dingtalk.cardCallbackSecret!;
    const press = fc.record({
      type: fc.oneof(fc.constant('actionCallback'), wrongValue),
      outTrackId: fc.oneof(fc.uuid(), wrongValue),
      userId: fc.oneof(fc.constantFrom('user_lina', 'user_wuting'), wrongValue),
      corpId: wrongValue,
      content: fc.oneof(
        fc.record({ cardPrivateData: fc.record({ actionIds: fc.oneof(fc.array(fc.constantFrom('set_locale', 'contact_pick', 'contact_submit', 'contact_review'), { maxLength: 2 }), wrongValue), params: fc.oneof(fc.dictionary(hostileString, wrongValue, { maxKeys: 3 }), wrongValue) }) }).map((c) => JSON.stringify(c)),
        wrongValue,
      ),
    });
    await fc.assert(
      fc.asyncProperty(fc.oneof(press.map((p) => ({ contentType: 'application/json', bytes: Buffer.from(JSON.stringify(p)), label: 'press' })), fuzzBody), async (body) => {
        const ts = String(Date.now());
        const a = await check(`card ${body.label}`, () => send('POST', '/dingtalk/card', body, { 'x-ddpaas-signature-timestamp': ts, 'x-ddpaas-signature': cardSign(ts, secret) }));
        if (a.status >= 400) expect([400, 413]).toContain(a.status);
      }),
      runs(100, 1000),
    );
  }, 600_000);

  it('the event push: signed, encrypted events with fuzzed plaintext are answered or refused with a 400, never a 5xx', async () => {
    const crypto = new EventCrypto(api.server.services.config.dingtalk.events!);
    // Ids of people no other test here signs in as: a departure must not break the HR session.
    const userId = fc.oneof(fc.array(fc.oneof(fc.constantFrom('user_tangning', 'user_caoyang', 'user_nobody'), hostileString), { maxLength: 4 }), wrongValue);
    const event = fc
      .record({ EventType: fc.oneof(fc.constantFrom('user_leave_org', 'check_url', 'user_add_org'), wrongValue), eventId: fc.oneof(fc.uuid(), hostileString, wrongValue), CorpId: wrongValue, userId })
      .map((e) => JSON.stringify(e));
    await fc.assert(
      fc.asyncProperty(fc.oneof(event, fuzzBody.map((b) => b.bytes.toString('utf8'))), async (plain) => {
        const ts = String(Date.now());
        const envelope = crypto.envelope(plain, ts, 'fuzzNonce');
        const qs = new URLSearchParams({ msg_signature: envelope.msg_signature, timestamp: ts, nonce: envelope.nonce });
        const body = { contentType: 'application/json', bytes: Buffer.from(JSON.stringify({ encrypt: envelope.encrypt })), label: 'event' };
        const a = await check('event push', () => send('POST', `/dingtalk/events?${qs}`, body));
        // 413: the body limit, before any of our checks.
        expect([200, 400, 413]).toContain(a.status);
      }),
      runs(100, 1000),
    );
    await new Promise((r) => setTimeout(r, 1500));
    expect((await fetch(`${api.baseUrl}/healthz`)).status).toBe(200);
  }, 600_000);

  it('header injection and request smuggling on the raw socket are refused by the HTTP layer, and the server keeps answering', async () => {
    const raw = (text: string) =>
      new Promise<string>((resolve) => {
        const socket = connect(api.server.port, '127.0.0.1', () => socket.end(text));
        let out = '';
        socket.on('data', (c) => (out += c.toString('latin1')));
        socket.on('close', () => resolve(out));
        socket.on('error', () => resolve(out));
      });
    const cases = [
      'GET /healthz HTTP/1.1\r\nHost: x\r\nX-Request-Id: a\rInjected: 1\r\n\r\n',
      'GET /healthz HTTP/1.1\r\nHost: x\r\nX-Bad\u0000Name: 1\r\n\r\n',
      'POST /api/auth/demo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /readyz HTTP/1.1\r\n\r\n',
      'POST /dingtalk/robot HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n',
      `GET /${'a'.repeat(100_000)} HTTP/1.1\r\nHost: x\r\n\r\n`,
      'GET /healthz HTTP/1.1\r\nHost: x\r\nCookie: bd_session=\r\n\tfolded\r\n\r\n',
    ];
    for (const c of cases) {
      const before = await api.snapshot();
      const answer = await raw(c);
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0);
      expect(status === 0 || status < 500, answer.slice(0, 200)).toBe(true);
      expect(answer).not.toMatch(/^Injected:/m);
      expect(await api.snapshot()).toEqual(before);
    }
    expect((await fetch(`${api.baseUrl}/healthz`)).status).toBe(200);
  });
});
