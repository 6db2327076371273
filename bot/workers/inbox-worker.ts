import type { Clock } from '../../core/shared/clock.port.js';
import type { InboxMaintenance, InboxRow } from '../../core/messaging/inbox.port.js';
import type { MessagingTransactor } from '../../core/messaging/messaging-transactor.port.js';
import type { BotContext, BotSettings } from '../dispatcher/bot-context.js';
import type { Dispatcher } from '../dispatcher/dispatcher.js';
import { repliesToNotifications } from '../dispatcher/reply-renderer.js';
import { localeFor, resolveSender } from '../dispatcher/sender.js';
import type { RobotMessage } from '../receivers/robot-message.js';
import { inboxEvent, type MessengerEvent } from '../receivers/messenger-event.js';
import type { UnitOfWork } from '../../core/shared/unit-of-work.port.js';
import { backoffMs } from './backoff.js';
import { PollingWorker } from './polling-worker.js';

export type WorkerLog = (level: 'info' | 'warn' | 'error', event: string, fields: Record<string, unknown>) => void;

export interface InboxWorkerOptions {
  readonly tx: MessagingTransactor;
  readonly maintenance: InboxMaintenance;
  readonly dispatcher: Dispatcher;
  readonly clock: Clock;
  readonly settings: BotSettings;
  readonly log: WorkerLog;
  readonly maxAttempts?: number;
  readonly pollMs?: number;
  readonly backoffBaseMs?: number;
  /** Called after a message committed (e.g. to wake the outbox worker). */
  readonly onProcessed?: () => void;
  /**
   * A subscribed event (user_leave_org …), run inside the row's transaction so its effects and
   * the row's processed mark commit together. Without it events are marked processed unread.
   */
  readonly onEvent?: (uow: UnitOfWork, event: MessengerEvent) => Promise<void>;
}

/**
 * Processes the inbox: one transaction per message claims it, runs the dispatcher, enqueues
 * the replies and marks it processed, so a crash at any point leaves either nothing or all of
 * it. A failing message is retried with back-off, then parked as dead.
 */
export class InboxWorker extends PollingWorker {
  constructor(private readonly options: InboxWorkerOptions) {
    super();
  }

  /** Processes due messages until none is left; returns how many (tests, CLI). */
  async drain(): Promise<number> {
    let n = 0;
    while (await this.processOne()) n++;
    return n;
  }

  protected async loop(): Promise<void> {
    while (!this.stopping) {
      let worked = false;
      try {
        worked = await this.processOne();
      } catch (e) {
        this.options.log('error', 'inbox worker failed', { err: { type: (e as Error)?.name } });
      }
      if (!worked && !this.stopping) await this.waker.sleep(this.options.pollMs ?? 500);
    }
  }

  /** True when a message was claimed (processed or failed), false when none was due. */
  async processOne(): Promise<boolean> {
    const { tx, clock, settings, dispatcher } = this.options;
    let claimed: InboxRow | null = null;
    try {
      return await tx.run(async ({ uow, inbox }) => {
        const row = await inbox.claimNext(clock.now());
        if (!row) return false;
        claimed = row;
        const parsed: unknown = JSON.parse(row.payload);
        const event = inboxEvent(parsed);
        if (event) {
          await this.options.onEvent?.(uow, event);
          await inbox.markProcessed(row.id, clock.now());
          return true;
        }
        const msg = parsed as RobotMessage;
        const sender = await resolveSender(uow, msg.senderStaffId);
        const locale = localeFor(sender, settings.defaultLocale);
        const ctx: BotContext = { uow, sender, senderUserId: msg.senderStaffId ?? '', locale, clock, settings };
        const replies =
          msg.msgtype === 'text' && msg.text ? await dispatcher.onText(ctx, msg.text) : await dispatcher.onUnsupported(ctx);
        const session =
          msg.sessionWebhook && msg.sessionWebhookExpiredTime
            ? { url: msg.sessionWebhook, expiresAt: msg.sessionWebhookExpiredTime }
            : undefined;
        // Without a staff id (external user) only the session can reach the sender.
        if (msg.senderStaffId || session)
          for (const n of repliesToNotifications(replies, {
            correlationKey: `reply:${row.msgId}`,
            userId: msg.senderStaffId ?? '',
            locale,
            ...(session ? { session } : {}),
          }))
            await uow.outbox.enqueue(n);
        await inbox.markProcessed(row.id, clock.now());
        return true;
      }).then((worked) => {
        if (worked) this.options.onProcessed?.();
        return worked;
      });
    } catch (e) {
      const row = claimed as InboxRow | null;
      if (!row) throw e;
      const attempts = row.attempts + 1;
      const max = this.options.maxAttempts ?? 5;
      const next = attempts >= max ? null : new Date(clock.now().getTime() + backoffMs(attempts, this.options.backoffBaseMs ?? 1000, 60_000));
      const code = (e as Error)?.name ?? 'Error';
      await this.options.maintenance.recordFailure(row.id, code, next, clock.now());
      this.options.log(next ? 'warn' : 'error', next ? 'inbox message failed; will retry' : 'inbox message dead', {
        inboxId: row.id,
        attempts,
        // Type only: driver messages can quote SQL with message text in it.
        err: { type: code },
      });
      return true;
    }
  }
}
