import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InboundMessage } from '../../core/messaging/inbox.port.js';
import { GroupCommitInboxWriter, inboxSinkFor, mikroInboxSink } from '../../storage/messaging/group-commit-inbox-writer.js';
import { MikroInboxMaintenance } from '../../storage/messaging/mikro-inbox.repository.js';
import { MikroOutboxQueue } from '../../storage/messaging/mikro-outbox-queue.js';
import { MikroOutbox } from '../../storage/messaging/mikro-outbox.repository.js';
import { InboxWorker } from '../../bot/workers/inbox-worker.js';
import { Dispatcher } from '../../bot/dispatcher/dispatcher.js';
import { botListeners } from '../../bot/commands/index.js';
import { CardActionRunner } from '../../bot/dispatcher/card-action-runner.js';
import type { BotSettings, CommandListener } from '../../bot/dispatcher/bot-context.js';
import type { TestDriver } from '../support/databases.js';
import { messagingDb, type MessagingDb } from './support/messaging-db.js';

const settings: BotSettings = { miniappUrl: 'https://hr.example/app/', timezone: 'Asia/Shanghai', defaultLocale: 'zh-CN' };
const noLog = () => {};

const inbound = (msgId: string, text = '帮助', senderStaffId = 'user_lina'): InboundMessage => ({
  msgId,
  transport: 'http',
  receivedAt: Date.parse('2026-06-15T02:00:00Z'),
  payload: JSON.stringify({ msgId, msgtype: 'text', text, senderStaffId, conversationType: '1', sessionWebhook: null, sessionWebhookExpiredTime: null }),
});

export function messagingStorageSuite(driver: TestDriver): void {
  describe(`bot messaging storage on ${driver}`, () => {
    let m: MessagingDb;
    beforeAll(async () => {
      m = await messagingDb(driver);
    });
    afterAll(() => m?.close());

    const worker = (dispatcher = new Dispatcher(botListeners({})), maxAttempts = 3) =>
      new InboxWorker({ tx: m.tx, maintenance: new MikroInboxMaintenance(m.db), dispatcher, clock: m.clock, settings, log: noLog, maxAttempts });

    it.each([
      ['the driver sink', inboxSinkFor],
      ['the multi-row query', mikroInboxSink],
    ])('group-commits concurrent webhook writes through %s: each msgId stored once, in far fewer batches than requests', async (_name, makeSink) => {
      let statements = 0;
      const sink = makeSink(m.db);
      const writer = new GroupCommitInboxWriter((batch) => (statements++, sink(batch)));
      const ids = Array.from({ length: 150 }, (_, i) => `gc-${i}`);
      const outcomes = await Promise.all([...ids, ...ids].map((id) => writer.write(inbound(id, `it's "quoted" ? 问号？ ${id}`))));
      expect(outcomes.filter((o) => o === 'accepted')).toHaveLength(150);
      expect(outcomes.filter((o) => o === 'duplicate')).toHaveLength(150);
      expect(await m.count('messaging_inbox', "msg_id like 'gc-%'")).toBe(150);
      expect(statements).toBeLessThan(20);
      // Durable before the caller hears back: a separate connection sees the row at once.
      expect(await writer.write(inbound('gc-0'))).toBe('duplicate');
      const rows = (await m.db.fork().getConnection().execute(`select payload from messaging_inbox where msg_id = 'gc-7'`)) as Array<{ payload: string }>;
      expect(JSON.parse(rows[0]!.payload).text).toBe(`it's "quoted" ? 问号？ gc-7`);
      await m.db.fork().getConnection().execute(`delete from messaging_inbox where msg_id like 'gc-%'`);
    });

    it('processes a message exactly once: reply enqueued and row marked processed in one transaction, chat text blanked', async () => {
      const writer = new GroupCommitInboxWriter(inboxSinkFor(m.db));
      await Promise.all([writer.write(inbound('once-1', '我的信息')), writer.write(inbound('once-1', '我的信息'))]);
      const w = worker();
      expect(await Promise.all([w.drain(), worker().drain()]).then((n) => n[0]! + n[1]!)).toBe(1);
      expect(await w.drain()).toBe(0);
      expect(await m.count('messaging_outbox', "dedupe_key like 'reply:once-1:%'")).toBe(1);
      const [row] = (await m.db.fork().getConnection().execute(`select status, payload from messaging_inbox where msg_id = 'once-1'`)) as Array<{
        status: string;
        payload: string;
      }>;
      expect(row).toEqual({ status: 'processed', payload: '' });
      const queue = new MikroOutboxQueue(m.db);
      const [item] = await queue.claimDue(m.clock.now(), 10, 60_000);
      expect(item!.notification).toMatchObject({ recipient: { kind: 'messenger_user', userId: 'user_lina' }, template: 'bot.text', locale: 'zh-CN' });
      expect(String(item!.notification.params.markdown)).toContain('李娜');
      await queue.markDelivered(item!.id, m.clock.now());
    });

    it('retries a failing message with back-off, rolls back its partial effects, and parks it as dead after maxAttempts', async () => {
      const exploding: CommandListener = {
        id: 'boom',
        matches: (t) => t === 'boom',
        async handle(ctx) {
          await ctx.uow.outbox.enqueue({ recipient: { kind: 'messenger_user', userId: 'x' }, template: 'bot.text', params: {}, dedupeKey: 'partial-boom' });
          throw new TypeError('handler bug');
        },
      };
      const base = botListeners({});
      const w = worker(new Dispatcher({ ...base, commands: [exploding, ...base.commands] }), 2);
      await new GroupCommitInboxWriter(inboxSinkFor(m.db)).write(inbound('fail-1', 'boom'));
      expect(await w.processOne()).toBe(true);
      expect(await w.processOne()).toBe(false); // not due yet (back-off)
      expect(await m.count('messaging_outbox', "dedupe_key = 'partial-boom'")).toBe(0);
      m.clock.advance(120_000);
      expect(await w.processOne()).toBe(true);
      const [row] = (await m.db.fork().getConnection().execute(`select status, attempts, last_error from messaging_inbox where msg_id = 'fail-1'`)) as Array<
        Record<string, unknown>
      >;
      expect({ ...row, attempts: Number(row!.attempts) }).toEqual({ status: 'dead', attempts: 2, last_error: 'TypeError' });
    });

    it('leases outbox items, retries them later, dead-letters them and lets an admin retry a dead letter', async () => {
      const queue = new MikroOutboxQueue(m.db);
      await m.transactor.run(async (uow) => {
        const n = { recipient: { kind: 'employee', employeeId: 'e-li' }, template: 'x', params: {}, dedupeKey: 'lease-1' } as const;
        await uow.outbox.enqueue(n);
        await uow.outbox.enqueue(n);
      });
      expect(await m.count('messaging_outbox', "dedupe_key = 'lease-1'")).toBe(1);
      const now = m.clock.now();
      const [first] = await queue.claimDue(now, 10, 30_000);
      expect(first!.notification.dedupeKey).toBe('lease-1');
      expect(await queue.claimDue(now, 10, 30_000)).toEqual([]);
      expect(await queue.claimDue(new Date(now.getTime() + 30_001), 10, 30_000)).toHaveLength(1); // crashed worker: lease ran out
      await queue.retryLater(first!.id, new Date(now.getTime() + 60_000), 'DINGTALK.ServiceUnavailable', true);
      expect(await queue.nextDueAt()).toBe(now.getTime() + 60_000);
      await queue.markDead(first!.id, now, 'DINGTALK.ServiceUnavailable');
      const dead = await queue.listDead(10);
      expect(dead).toEqual([expect.objectContaining({ id: first!.id, dedupeKey: 'lease-1', attempts: 2, lastError: 'DINGTALK.ServiceUnavailable', recipientKind: 'employee' })]);
      expect(await queue.retryDead(first!.id, now)).toBe(true);
      expect(await queue.retryDead(first!.id, now)).toBe(false);
      const [again] = await queue.claimDue(now, 10, 30_000);
      expect(again).toMatchObject({ id: first!.id, attempts: 0 });
      await queue.markDelivered(first!.id, now);
    });

    it('runs a card press once, however often and however concurrently it is delivered', async () => {
      const dispatcher = new Dispatcher(botListeners({}));
      const runner = new CardActionRunner({ tx: m.tx, dispatcher, clock: m.clock, settings });
      const press = { outTrackId: 'card-1', userId: 'user_lina', actionId: 'set_locale', params: { locale: 'en' } };
      const answers = await Promise.all([runner.run(press), runner.run(press), runner.run({ ...press, params: { locale: 'en' } })]);
      expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
      expect(answers[0]!.cardData!.cardParamMap).toMatchObject({ title: 'Choose a language', status: 'Switched to English.' });
      expect(await m.count('messaging_card_actions')).toBe(1);
      expect((await m.transactor.run((uow) => uow.employees.get('e-li')))!.locale).toBe('en');
      await runner.run({ ...press, params: { locale: 'zh-CN' } });
      expect(await m.count('messaging_card_actions')).toBe(2);
      expect((await m.transactor.run((uow) => uow.employees.get('e-li')))!.locale).toBe('zh-CN');
    });

    it('runs simultaneous presses of one person on different cards each once, none refused as a conflict', async () => {
      const runner = new CardActionRunner({ tx: m.tx, dispatcher: new Dispatcher(botListeners({})), clock: m.clock, settings });
      const presses = Array.from({ length: 6 }, (_, i) => ({ outTrackId: `card-burst-${i}`, userId: 'user_lina', actionId: 'set_locale', params: { locale: i % 2 ? 'en' : 'zh-CN' } }));
      const answers = await Promise.all(presses.map((p) => runner.run(p)));
      for (const a of answers) expect(a.cardData?.cardParamMap).toHaveProperty('status');
      expect(await m.count('messaging_card_actions', "out_track_id like 'card-burst-%'")).toBe(6);
      await runner.run({ outTrackId: 'card-burst-reset', userId: 'user_lina', actionId: 'set_locale', params: { locale: 'zh-CN' } });
    });

    it('answers a slow card action within its budget with "processing", then sends the final card as an update', async () => {
      const slow = {
        actionId: 'slow',
        handle: async () => {
          await new Promise((r) => setTimeout(r, 300));
          return { card: { kind: 'language', data: { status: 'card.done' } } };
        },
      };
      const base = botListeners({});
      const runner = new CardActionRunner({ tx: m.tx, dispatcher: new Dispatcher({ ...base, cardActions: [slow] }), clock: m.clock, settings, budgetMs: 50 });
      const answer = await runner.run({ outTrackId: 'card-slow', userId: 'user_lina', actionId: 'slow', params: {} });
      expect(answer.cardData!.cardParamMap).toEqual({ status: '处理中，请稍候…' });
      await new Promise((r) => setTimeout(r, 600));
      const [row] = (await m.db.fork().getConnection().execute(`select payload from messaging_outbox where dedupe_key like 'card:%:update'`)) as Array<{ payload: string }>;
      expect(JSON.parse(row!.payload).card).toMatchObject({ outTrackId: 'card-slow', update: true, data: { status: 'card.done' } });
    });

    it('purges processed inbox rows after the retention period', async () => {
      const maintenance = new MikroInboxMaintenance(m.db);
      const before = await m.count('messaging_inbox', "status in ('processed', 'dead')");
      expect(before).toBeGreaterThan(0);
      expect(await maintenance.purgeBefore(new Date('2026-06-15T01:59:00Z'))).toBe(0); // all processed later than that
      expect(await maintenance.purgeBefore(new Date(m.clock.now().getTime() + 1_000_000))).toBe(before);
    });
  });
}
