import type Router from '@koa/router';
import type { Context } from 'koa';
import type { AppModule, AppServices } from './module.js';
import type { MailRecipientResolver } from '../../../core/messaging/mailer.port.js';
import type { Locale } from '../../../core/messaging/notification.js';
import { MikroTransactor } from '../../../storage/unit-of-work.js';
import { KeyRing } from '../../../storage/crypto/key-ring.js';
import { recordsRepositoryFactories } from '../../../storage/records/index.js';
import { accessLogFactory } from '../../../storage/audit/mikro-access-log.repository.js';
import { outboxFactory } from '../../../storage/messaging/mikro-outbox.repository.js';
import { MikroOutboxQueue } from '../../../storage/messaging/mikro-outbox-queue.js';
import { MikroInboxMaintenance } from '../../../storage/messaging/mikro-inbox.repository.js';
import { MikroMessagingTransactor } from '../../../storage/messaging/mikro-messaging-transactor.js';
import { GroupCommitInboxWriter, inboxSinkFor } from '../../../storage/messaging/group-commit-inbox-writer.js';
import { DingTalkHttp } from '../../../bot/dingtalk/dingtalk-http.js';
import { OpenPlatformClient } from '../../../bot/dingtalk/open-platform.client.js';
import { DingTalkMessenger } from '../../../bot/dingtalk/dingtalk-messenger.js';
import { DingTalkEmulator } from '../../../bot/emulator/emulator-server.js';
import { EmulatorMailer } from '../../../bot/emulator/emulator-mailer.js';
import { MessengerPage } from '../../../bot/emulator/messenger-page.js';
import type { NodemailerMailer } from '../../../bot/mail/nodemailer-mailer.js';
import { botListeners } from '../../../bot/commands/index.js';
import type { ContactBotDeps } from '../../../bot/commands/contact-support.js';
import type { WhoViewedMyData } from '../../../bot/commands/who-viewed.command.js';
import { Dispatcher } from '../../../bot/dispatcher/dispatcher.js';
import { CardActionRunner } from '../../../bot/dispatcher/card-action-runner.js';
import type { BotSettings } from '../../../bot/dispatcher/bot-context.js';
import { RobotReceiver } from '../../../bot/receivers/robot-receiver.js';
import { CardReceiver } from '../../../bot/receivers/card-receiver.js';
import { EventCrypto } from '../../../bot/receivers/event-crypto.js';
import { EventReceiver } from '../../../bot/receivers/event-receiver.js';
import { directoryEventHandler } from '../../../bot/workers/directory-events.js';
import type { CallbackResponse } from '../../../bot/receivers/http-callback.js';
import { StreamReceiver, type StreamClient } from '../../../bot/receivers/stream-receiver.js';
import { InboxWorker, type WorkerLog } from '../../../bot/workers/inbox-worker.js';
import { OutboxWorker } from '../../../bot/workers/outbox-worker.js';

/** Registry keys this module publishes or reads (other modules and the lead's wiring use them). */
export const BOT_SERVICES = {
  transactor: 'transactor',
  messenger: 'messenger',
  directoryLookup: 'directoryLookup',
  deadLetters: 'outboxDeadLetters',
  mailRecipientResolver: 'mailRecipientResolver',
  whoViewedMyData: 'whoViewedMyData',
  contact: 'contact.bot',
  emulator: 'emulator',
} as const;

const CARD_ROUTE_KEY = 'boundary-card';
const INBOX_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;

interface BotState {
  emulator?: DingTalkEmulator;
  client: OpenPlatformClient;
  writer: GroupCommitInboxWriter;
  robot: RobotReceiver;
  events?: EventReceiver;
  card?: CardReceiver;
  page?: MessengerPage;
  inboxWorker?: InboxWorker;
  outboxWorker?: OutboxWorker;
  stream?: StreamReceiver;
  mailer?: NodemailerMailer;
}

/** The application's transactor: the lead's if registered, else composed from every feature's factories. */
function transactorFor(s: AppServices): MikroTransactor {
  const given = s.registry.get(BOT_SERVICES.transactor);
  if (given instanceof MikroTransactor) return given;
  const keyring = new KeyRing(s.config.masterKey, s.config.retiredMasterKeys);
  const t = new MikroTransactor(
    { db: s.db, clock: s.clock, ids: s.ids, keyring },
    { ...recordsRepositoryFactories, accessLog: accessLogFactory, outbox: outboxFactory },
  );
  s.registry.set(BOT_SERVICES.transactor, t);
  return t;
}

function send(ctx: Context, r: CallbackResponse): void {
  if (r.rejected) (ctx.state.log as AppServices['log']).warn({ event: 'webhook_rejected', path: ctx.path, reason: r.rejected }, 'callback refused');
  ctx.status = r.status;
  ctx.body = r.body;
}

const request = (ctx: Context) => ({
  header: (name: string) => ctx.get(name) || undefined,
  rawBody: (ctx.request as unknown as { rawBody?: Buffer }).rawBody ?? Buffer.alloc(0),
});

/** This process's own address: loopback when listening on every interface. */
function loopbackBase(host: string, port: number): string {
  const h = /^(0\.0\.0\.0|::|)$/.test(host) ? '127.0.0.1' : host;
  return `http://${h.includes(':') ? `[${h}]` : h}:${port}`;
}

export function createBotModule(): AppModule {
  let state: BotState | undefined;
  const need = () => {
    if (!state) throw new Error('bot module not initialised');
    return state;
  };

  return {
    name: 'bot',

    async init(s) {
      const { config, db, clock } = s;
      const dt = config.dingtalk;
      const transactor = transactorFor(s);
      let apiBase = dt.apiBase;
      let oapiBase = dt.oapiBase;
      let emulator: DingTalkEmulator | undefined;
      if (config.demo) {
        emulator = new DingTalkEmulator({
          clientId: dt.clientId,
          clientSecret: dt.clientSecret,
          ...(dt.events ? { events: { ...dt.events, corpId: dt.corpId } } : {}),
          findUser: (userId) =>
            transactor.run(async (uow) => {
              const e = await uow.employees.getByDingtalkUserId(userId);
              return e ? { userid: userId, name: e.name, title: e.title } : null;
            }),
        });
        apiBase = oapiBase = await emulator.start();
        s.log.info({ emulator: apiBase }, 'messenger emulator started (demo mode)');
        s.registry.set(BOT_SERVICES.emulator, emulator);
      }
      const http = new DingTalkHttp({ apiBase, oapiBase, clientId: dt.clientId, clientSecret: dt.clientSecret });
      const client = new OpenPlatformClient(http, { robotCode: dt.robotCode, cardTemplateId: dt.cardTemplateId, sessionOrigin: oapiBase });
      const writer = new GroupCommitInboxWriter(inboxSinkFor(db), { onCommitted: () => state?.inboxWorker?.wake() });
      const robot = new RobotReceiver({ secret: dt.clientSecret, windowMs: dt.signWindowSeconds * 1000, inbox: writer, now: () => clock.now().getTime() });
      s.registry.set(BOT_SERVICES.messenger, new DingTalkMessenger(client, dt.mode === 'stream' ? { type: 'STREAM' } : { type: 'HTTP', routeKey: CARD_ROUTE_KEY }));
      s.registry.set(BOT_SERVICES.directoryLookup, client);
      s.registry.set(BOT_SERVICES.deadLetters, new MikroOutboxQueue(db));
      const events = dt.events
        ? new EventReceiver({
            crypto: new EventCrypto(dt.events),
            windowMs: dt.signWindowSeconds * 1000,
            inbox: writer,
            now: () => clock.now().getTime(),
            onIgnored: (eventType) => s.log.info({ eventType }, 'messenger event acknowledged and ignored'),
          })
        : undefined;
      state = { client, writer, robot, ...(events ? { events } : {}), ...(emulator ? { emulator } : {}) };
      if (emulator)
        state.page = new MessengerPage({
          emulator,
          robotSecret: dt.clientSecret,
          cardSecret: dt.cardCallbackSecret,
          robotCode: dt.robotCode,
          corpId: dt.corpId,
          listUsers: () =>
            transactor.run(async (uow) =>
              (await uow.employees.search({ limit: 200 }))
                .filter((e) => e.dingtalkUserId)
                .map((e) => ({ userId: e.dingtalkUserId!, name: e.name, title: e.title, status: e.status })),
            ),
        });
    },

    routes(router: Router, s) {
      if (s.config.dingtalk.mode === 'http') {
        router.post('/dingtalk/robot', async (ctx) => send(ctx, await need().robot.handle(request(ctx))));
        router.post('/dingtalk/card', async (ctx) => {
          const card = need().card;
          if (!card) return send(ctx, { status: 503, body: { error: { code: 'HTTP.STARTING', message: 'starting' } } });
          send(ctx, await card.handle(request(ctx)));
        });
      }
      // HTTP event push is configured separately from the robot's mode (dingtalk.md §2.2).
      if (s.config.dingtalk.events)
        router.post('/dingtalk/events', async (ctx) =>
          send(ctx, await need().events!.handle({ ...request(ctx), query: (name) => (typeof ctx.query[name] === 'string' ? (ctx.query[name] as string) : undefined) })),
        );
      if (!s.config.demo) return;
      const page = async (ctx: Context) => {
        const r = await need().page?.handle(ctx.method, ctx.path, new URLSearchParams(ctx.querystring), (ctx.request as unknown as { body?: unknown }).body);
        if (!r) return;
        ctx.status = r.status;
        ctx.type = r.type;
        ctx.body = r.body;
      };
      router.get('/dev/messenger', page);
      router.get('/dev/messenger/app.js', page);
      router.get('/dev/messenger/api/users', page);
      router.get('/dev/messenger/api/conversation', page);
      router.post('/dev/messenger/api/compose', page);
      router.post('/dev/messenger/api/card-press', page);
      router.post('/dev/messenger/api/card-applied', page);
    },

    jobs(s) {
      return [
        {
          name: 'bot.inbox-purge',
          schedule: '17 3 * * *',
          run: async () => {
            const n = await new MikroInboxMaintenance(s.db).purgeBefore(new Date(s.clock.now().getTime() - INBOX_RETENTION_MS));
            s.log.info({ purged: n }, 'inbox purge');
          },
        },
      ];
    },

    async start(s) {
      const st = need();
      const { config, db, clock } = s;
      const dt = config.dingtalk;
      const log: WorkerLog = (level, event, fields) => s.log[level](fields, event);
      const settings: BotSettings = { miniappUrl: `${config.publicBaseUrl}/app/`, timezone: config.timezone, defaultLocale: config.locale as Locale };
      const transactor = transactorFor(s);
      const tx = new MikroMessagingTransactor(db, transactor);
      const whoViewed = s.registry.get(BOT_SERVICES.whoViewedMyData) as WhoViewedMyData | undefined;
      const contact = s.registry.get(BOT_SERVICES.contact) as ContactBotDeps | undefined;
      const dispatcher = new Dispatcher(botListeners({ ...(whoViewed ? { whoViewedMyData: whoViewed } : {}), ...(contact ? { contact } : {}), offboarding: { ids: s.ids } }));
      const runner = new CardActionRunner({
        tx,
        dispatcher,
        clock,
        settings,
        onLateError: (e) => s.log.error({ err: { type: (e as Error)?.name } }, 'card action failed after its deadline'),
      });
      st.card = new CardReceiver({ secret: dt.cardCallbackSecret, now: () => clock.now().getTime(), run: (cb) => runner.run(cb) });
      st.inboxWorker = new InboxWorker({
        tx,
        maintenance: new MikroInboxMaintenance(db),
        dispatcher,
        clock,
        settings,
        log,
        // Replies go out without waiting for the outbox worker's next poll.
        onProcessed: () => st.outboxWorker?.wake(),
        onEvent: directoryEventHandler({ clock, ids: s.ids, timezone: config.timezone, log }),
      });
      // The SMTP client and the Stream SDK load only when configured: every start paid for them.
      if (config.mail.smtpUrl) {
        const { NodemailerMailer } = await import('../../../bot/mail/nodemailer-mailer.js');
        st.mailer = new NodemailerMailer(config.mail.smtpUrl, config.mail.from);
      }
      st.outboxWorker = new OutboxWorker({
        queue: new MikroOutboxQueue(db),
        messenger: s.registry.get(BOT_SERVICES.messenger) as DingTalkMessenger,
        mailer: st.mailer ?? new EmulatorMailer(st.emulator!.state),
        mailResolver: () => s.registry.get(BOT_SERVICES.mailRecipientResolver) as MailRecipientResolver | undefined,
        findEmployee: (id) => transactor.run((uow) => uow.employees.get(id)),
        clock,
        defaultLocale: settings.defaultLocale,
        log,
      });
      // The emulator pushes events to this process over loopback (demo mode).
      if (st.emulator?.events) st.emulator.events.target = `${loopbackBase(config.host, s.port)}/dingtalk/events`;
      const inboxWorker = st.inboxWorker;
      const outboxWorker = st.outboxWorker;
      inboxWorker.start();
      outboxWorker.start();
      if (dt.mode === 'stream') {
        const { DWClient } = await import('dingtalk-stream');
        const client = new DWClient({ clientId: dt.clientId, clientSecret: dt.clientSecret }) as unknown as StreamClient;
        st.stream = new StreamReceiver({
          client,
          inbox: st.writer,
          runCardAction: (cb) => runner.run(cb),
          now: () => clock.now().getTime(),
          onError: (topic, e) => s.log.error({ topic, err: { type: (e as Error)?.name } }, 'stream callback failed'),
        });
        await st.stream.start();
      } else if (!config.demo) {
        // The card callback route is bound to our URL once per start (idempotent with forceUpdate).
        await st.client
          .registerCardCallback(CARD_ROUTE_KEY, `${config.publicBaseUrl}/dingtalk/card`, dt.cardCallbackSecret)
          .catch((e: unknown) => s.log.warn({ err: { type: (e as Error)?.name } }, 'card callback registration failed; cards keep the previous URL'));
      }
    },

    async stop() {
      const st = state;
      if (!st) return;
      st.stream?.stop();
      await st.writer.drain();
      await st.inboxWorker?.stop();
      await st.outboxWorker?.stop();
      st.mailer?.close();
      await st.emulator?.stop();
    },
  };
}

export const botModule: AppModule = createBotModule();
