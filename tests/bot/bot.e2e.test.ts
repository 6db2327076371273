import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardSign } from '../../bot/receivers/signature.js';
import { BotServerHarness, CARD_SECRET, CLIENT_SECRET, eventually } from './support/bot-server.js';

/**
 * The real server process (`boundary serve`, non-demo, http mode) against the emulator on
 * 127.0.0.1, with requests signed as DingTalk signs them.
 */
describe('bot end to end', () => {
  const h = new BotServerHarness();
  beforeAll(async () => {
    await h.start();
  }, 120_000);
  afterAll(() => h.close());

  it('refuses a stale timestamp, a wrong sign and missing headers with 401, and writes nothing', async () => {
    const stale = h.robotRequest('u-401', '帮助', { timestamp: Date.now() - 3_601_000 });
    const wrong = h.robotRequest('u-401', '帮助', { secret: 'not-the-secret' });
    const bare = h.robotRequest('u-401', '帮助');
    const responses = [
      await h.post('/dingtalk/robot', stale),
      await h.post('/dingtalk/robot', wrong),
      await h.post('/dingtalk/robot', { headers: { 'content-type': 'application/json' }, body: bare.body }),
      await h.post('/dingtalk/robot', { headers: { 'content-type': 'application/json' }, body: '{broken' }),
      await h.post('/dingtalk/card', { headers: { 'content-type': 'application/json' }, body: '{"outTrackId":"x","userId":"u"}' }),
    ];
    expect(responses.map((r) => r.status)).toEqual([401, 401, 401, 401, 401]);
    expect(await responses[0]!.json()).toMatchObject({ error: { code: 'DINGTALK.SIGNATURE' } });
    await new Promise((r) => setTimeout(r, 300));
    expect(h.count('messaging_inbox')).toBe(0);
    expect(h.count('messaging_outbox')).toBe(0);
    expect(h.count('messaging_card_actions')).toBe(0);
    expect(h.repliesTo('u-401')).toBe(0);
    expect(h.server!.lines.some((l) => l.includes('"webhook_rejected"') && l.includes('"stale"'))).toBe(true);
    expect(h.server!.lines.join('\n')).not.toContain(CLIENT_SECRET);
  });

  it('runs a signed card press once however often it arrives, answering each delivery within the deadline', async () => {
    const ts = String(Date.now());
    const press = {
      headers: { 'content-type': 'application/json', 'x-ddpaas-signature-timestamp': ts, 'x-ddpaas-signature': cardSign(ts, CARD_SECRET) },
      body: JSON.stringify({
        type: 'actionCallback',
        outTrackId: 'e2e-card-1',
        userId: 'u-card',
        corpId: 'ding-e2e-corp',
        content: JSON.stringify({ cardPrivateData: { actionIds: ['set_locale'], params: { locale: 'en' } } }),
      }),
    };
    const started = Date.now();
    const answers = await Promise.all([1, 2, 3].map(() => h.post('/dingtalk/card', press)));
    expect(Date.now() - started).toBeLessThan(2000);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    const bodies = await Promise.all(answers.map((a) => a.text()));
    expect(new Set(bodies).size).toBe(1);
    expect(h.count('messaging_card_actions')).toBe(1);
    // u-card is not linked to an employee: the action is refused politely, in chat, once.
    await eventually(() => h.repliesTo('u-card') === 1);
    expect(h.emulator.state.conversation('u-card').find((e) => e.from === 'bot')!.text).toContain('还没有关联到员工档案');
  });

  it('processes one msgId once and replies once: three concurrent deliveries, a captured replay, and again after a restart', async () => {
    const req = h.robotRequest('u-dup', '帮助', { msgId: 'dup-msg-1' });
    const statuses = await Promise.all([1, 2, 3].map(() => h.post('/dingtalk/robot', req).then((r) => r.status)));
    expect(statuses).toEqual([200, 200, 200]);
    await eventually(() => h.repliesTo('u-dup') === 1);
    expect((await h.post('/dingtalk/robot', req)).status).toBe(200); // captured request replayed
    await h.stop('SIGTERM');
    await h.start();
    expect((await h.post('/dingtalk/robot', req)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1500));
    expect(h.repliesTo('u-dup')).toBe(1);
    expect(h.count('messaging_inbox', "msg_id = 'dup-msg-1'")).toBe(1);
    expect(h.count('messaging_outbox', "dedupe_key like 'reply:dup-msg-1:%'")).toBe(1);
    const reply = h.emulator.state.conversation('u-dup').find((e) => e.from === 'bot')!;
    expect(reply.text).toContain('我能帮你做什么');
  }, 120_000);

  it('answers fast even while the messenger is down, and delivers everything once it is back', async () => {
    h.emulator.state.outageUntil = Date.now() + 4000;
    const users = ['u-out-1', 'u-out-2', 'u-out-3'];
    for (const u of users) {
      const started = Date.now();
      expect((await h.post('/dingtalk/robot', h.robotRequest(u, 'help'))).status).toBe(200);
      expect(Date.now() - started).toBeLessThan(1000);
    }
    await eventually(() => h.count('messaging_outbox', "status = 'pending' and last_error like 'DINGTALK.%'") > 0, 3000);
    expect(users.map((u) => h.repliesTo(u))).toEqual([0, 0, 0]);
    await eventually(() => users.every((u) => h.repliesTo(u) === 1), 20_000);
    await new Promise((r) => setTimeout(r, 500));
    expect(users.map((u) => h.repliesTo(u))).toEqual([1, 1, 1]);
  });

  it('loses nothing when killed with SIGKILL right after the 200s: every message is processed and answered once after restart', async () => {
    // Deliveries are held back (outage) so that a kill cannot fall between a send and its bookkeeping.
    h.emulator.state.outageUntil = Date.now() + 60_000;
    const users = Array.from({ length: 40 }, (_, i) => `u-kill-${i}`);
    const statuses = await Promise.all(users.map((u) => h.post('/dingtalk/robot', h.robotRequest(u, '帮助')).then((r) => r.status)));
    h.server!.child.kill('SIGKILL');
    expect(statuses.every((s) => s === 200)).toBe(true);
    await h.server!.exited;
    h.server = undefined;
    expect(h.count('messaging_inbox', "msg_id like 'msg-%'")).toBeGreaterThanOrEqual(40);
    const unprocessedAtKill = h.count('messaging_inbox', "status = 'pending'");
    h.emulator.state.outageUntil = 0;
    await h.start();
    // An item leased by the killed process comes back when its lease (20 s) runs out.
    await eventually(() => users.every((u) => h.repliesTo(u) === 1), 45_000);
    await new Promise((r) => setTimeout(r, 500));
    expect(users.map((u) => h.repliesTo(u))).toEqual(users.map(() => 1));
    expect(h.count('messaging_inbox', "status = 'pending'")).toBe(0);
    console.info(`kill -9 test: ${unprocessedAtKill} of 40 messages were still unprocessed when the process died`);
  }, 150_000);
});
