import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DingTalkEmulator } from '../../bot/emulator/emulator-server.js';
import { DingTalkHttp } from '../../bot/dingtalk/dingtalk-http.js';
import { OpenPlatformClient } from '../../bot/dingtalk/open-platform.client.js';
import { DingTalkMessenger } from '../../bot/dingtalk/dingtalk-messenger.js';
import { OutboxWorker } from '../../bot/workers/outbox-worker.js';
import { EmulatorMailer } from '../../bot/emulator/emulator-mailer.js';
import { MikroOutboxQueue } from '../../storage/messaging/mikro-outbox-queue.js';
import type { MailRecipientResolver } from '../../core/messaging/mailer.port.js';
import type { OutboundNotification } from '../../core/messaging/notification.js';
import { messagingDb, type MessagingDb } from './support/messaging-db.js';

const CREDS = { clientId: 'ding-app', clientSecret: 'secret-secret' };
let emu: DingTalkEmulator;
let m: MessagingDb;
let resolver: MailRecipientResolver | undefined;
let worker: OutboxWorker;
let queue: MikroOutboxQueue;

let client: OpenPlatformClient;
/** A worker on the shared emulator and queue; tests that ride out an outage need more attempts. */
function makeWorker(over: { maxAttempts: number }): OutboxWorker {
  return new OutboxWorker({
    queue,
    messenger: new DingTalkMessenger(client, { type: 'HTTP', routeKey: 'rk' }),
    mailer: new EmulatorMailer(emu.state),
    mailResolver: () => resolver,
    findEmployee: (id) => m.transactor.run((uow) => uow.employees.get(id)),
    clock: { now: () => new Date() },
    defaultLocale: 'zh-CN',
    log: () => {},
    maxAttempts: over.maxAttempts,
    backoffBaseMs: 20,
    backoffMaxMs: 100,
  });
}

beforeAll(async () => {
  emu = new DingTalkEmulator(CREDS);
  await emu.start();
  m = await messagingDb('sqlite', new Date());
  const http = new DingTalkHttp({ apiBase: emu.baseUrl, oapiBase: emu.baseUrl, ...CREDS, maxAttempts: 1 });
  client = new OpenPlatformClient(http, { robotCode: CREDS.clientId, cardTemplateId: 't.schema', sessionOrigin: emu.baseUrl });
  queue = new MikroOutboxQueue(m.db);
  worker = makeWorker({ maxAttempts: 3 });
});
afterAll(async () => {
  await emu.stop();
  await m.close();
});

const enqueue = (...ns: OutboundNotification[]) => m.transactor.run(async (uow) => {
  for (const n of ns) await uow.outbox.enqueue(n);
});
const text = (dedupeKey: string, userId = 'user_lina'): OutboundNotification => ({
  recipient: { kind: 'messenger_user', userId },
  template: 'bot.text',
  params: { title: 'T', markdown: `hello ${dedupeKey}` },
  dedupeKey,
});
const status = async (key: string) =>
  ((await m.db.fork().getConnection().execute(`select status, attempts, last_error from messaging_outbox where dedupe_key = ?`, [key])) as Array<{
    status: string;
    attempts: number;
    last_error: string | null;
  }>)[0];
async function runUntilIdle(ms: number, w: OutboxWorker = worker) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    await w.runOnce();
    await new Promise((r) => setTimeout(r, 10));
  }
}
const sentTexts = () =>
  emu.state.calls
    .filter((c) => c.status === 200 && (c.path === '/v1.0/robot/oToMessages/batchSend' || c.path === '/robot/sendBySession'))
    .map((c) => (c.path === '/robot/sendBySession' ? (c.body as { markdown: { text: string } }).markdown.text : JSON.parse((c.body as { msgParam: string }).msgParam).text));

describe('the outbox worker', () => {
  it('delays messages during a messenger outage and delivers each exactly once when it is back', async () => {
    // Enough attempts to outlast the outage however fast this machine retries (back-off ≤ 100 ms).
    const patient = makeWorker({ maxAttempts: 50 });
    emu.state.outageUntil = Date.now() + 400;
    await enqueue(text('o-1'), text('o-2'), text('o-3'));
    await runUntilIdle(150, patient);
    expect(await status('o-1')).toMatchObject({ status: 'pending', last_error: 'DINGTALK.ServiceUnavailable' });
    await new Promise((r) => setTimeout(r, 300));
    await runUntilIdle(600, patient);
    for (const k of ['o-1', 'o-2', 'o-3']) expect((await status(k))!.status).toBe('delivered');
    expect(sentTexts().filter((t) => /hello o-\d/.test(t)).sort()).toEqual(['hello o-1', 'hello o-2', 'hello o-3']);
  });

  it('dead-letters a message after maxAttempts, with a code and no text', async () => {
    emu.state.outageUntil = Date.now() + 60_000;
    await enqueue(text('dead-1'));
    await runUntilIdle(800);
    emu.state.outageUntil = 0;
    expect(await status('dead-1')).toMatchObject({ status: 'dead', last_error: 'DINGTALK.ServiceUnavailable' });
    expect(Number((await status('dead-1'))!.attempts)).toBe(3);
    const [dead] = await queue.listDead(5);
    expect(JSON.stringify(dead)).not.toContain('hello');
  });

  it('answers through a live session, and falls back to batchSend when the session has expired', async () => {
    const live = emu.openSession('user_lina');
    const gone = emu.openSession('user_lina', 1);
    await new Promise((r) => setTimeout(r, 5));
    await enqueue(
      { ...text('s-live'), replySession: { url: live.url, expiresAt: Date.now() + 3_600_000 } },
      { ...text('s-gone'), replySession: { url: gone.url, expiresAt: Date.now() + 3_600_000 } },
    );
    const before = emu.state.calls.length;
    await runUntilIdle(100);
    const paths = emu.state.calls.slice(before).map((c) => `${c.path} ${c.status}`);
    // The live session answers; the expired one is refused (errcode 300001) and batchSend takes over.
    expect(paths.filter((p) => !p.startsWith('/v1.0/oauth2'))).toEqual([
      '/robot/sendBySession 200',
      '/robot/sendBySession 200',
      '/v1.0/robot/oToMessages/batchSend 200',
    ]);
    expect((await status('s-gone'))!.status).toBe('delivered');
  });

  it('sends an employee notification in their locale, and a card then its update', async () => {
    await enqueue({
      recipient: { kind: 'employee', employeeId: 'e-li' },
      template: 'bot.card',
      params: {},
      dedupeKey: 'card-a',
      card: { kind: 'language', outTrackId: 'ot-lang', data: {} },
    });
    await runUntilIdle(50);
    await enqueue({
      recipient: { kind: 'employee', employeeId: 'e-li' },
      template: 'bot.card',
      params: {},
      dedupeKey: 'card-b',
      card: { kind: 'language', outTrackId: 'ot-lang', data: { status: 'card.done' }, update: true },
    });
    await runUntilIdle(50);
    expect(emu.state.cards.get('ot-lang')).toMatchObject({ userId: 'user_lina', params: { title: '选择语言', status: '已完成。' } });
  });

  it('keeps mail to a former employee pending (not lost) until an address resolver is registered', async () => {
    await enqueue({ recipient: { kind: 'former_employee_mail', employeeId: 'e-zhang' }, template: 'bot.text', params: { title: 'S', markdown: 'B' }, dedupeKey: 'mail-1' });
    await runUntilIdle(50);
    expect(await status('mail-1')).toMatchObject({ status: 'pending', last_error: 'MAIL.NO_RESOLVER' });
    expect(Number((await status('mail-1'))!.attempts)).toBe(0);
    resolver = { addressFor: async (id) => (id === 'e-zhang' ? 'zhang.personal@mail.example' : null) };
    await m.db.fork().getConnection().execute(`update messaging_outbox set next_attempt_at = 0 where dedupe_key = 'mail-1'`);
    await runUntilIdle(50);
    expect((await status('mail-1'))!.status).toBe('delivered');
    expect(emu.state.mails.at(-1)).toMatchObject({ to: 'zhang.personal@mail.example', subject: 'S', text: 'B' });
  });

  it('dead-letters at once what retrying cannot fix (an unknown template)', async () => {
    await enqueue({ recipient: { kind: 'messenger_user', userId: 'user_lina' }, template: 'no.such.template', params: {}, dedupeKey: 'bug-1' });
    await runUntilIdle(30);
    expect(await status('bug-1')).toMatchObject({ status: 'dead', last_error: 'BUG.UnknownTemplateError' });
  });
});
