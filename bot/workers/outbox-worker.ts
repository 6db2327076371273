import type { Clock } from '../../core/shared/clock.port.js';
import type { Employee } from '../../core/records/employee.js';
import type { Mailer, MailRecipientResolver } from '../../core/messaging/mailer.port.js';
import type { Delivery, Messenger } from '../../core/messaging/messenger.port.js';
import type { Locale, OutboundNotification } from '../../core/messaging/notification.js';
import type { OutboxItem, OutboxQueue } from '../../core/messaging/outbox-queue.port.js';
import { err, ok } from '../../core/shared/result.js';
import { backoffMs } from './backoff.js';
import { PollingWorker } from './polling-worker.js';
import type { WorkerLog } from './inbox-worker.js';
import { renderNotificationCard, renderNotificationText } from './notification-renderer.js';

export interface OutboxWorkerOptions {
  readonly queue: OutboxQueue;
  readonly messenger: Messenger;
  readonly mailer: Mailer;
  /** Provided by the contact-request feature; until then mail stays pending (not lost). */
  readonly mailResolver: () => MailRecipientResolver | undefined;
  readonly findEmployee: (id: string) => Promise<Employee | null>;
  readonly clock: Clock;
  readonly defaultLocale: Locale;
  readonly log: WorkerLog;
  readonly maxAttempts?: number;
  readonly backoffBaseMs?: number;
  readonly backoffMaxMs?: number;
  readonly leaseMs?: number;
  readonly batchSize?: number;
  readonly pollMs?: number;
  /** A session webhook this close to expiry is not used. */
  readonly sessionMarginMs?: number;
}

type Attempt = Delivery | { readonly ok: 'defer'; readonly code: string; readonly retryInMs: number };

/**
 * Delivers the outbox with retries: exponential back-off with jitter, and after maxAttempts a
 * dead letter HR admins can list and retry. A messenger outage only delays messages.
 */
export class OutboxWorker extends PollingWorker {
  constructor(private readonly options: OutboxWorkerOptions) {
    super();
  }

  /**
   * Delivers what is due now; returns how many items were attempted. Items are leased; the
   * batch stops starting new deliveries well inside the lease, and after a transient failure
   * (the messenger is likely down) hands the rest back untouched instead of hammering it.
   */
  async runOnce(): Promise<number> {
    const { queue, clock } = this.options;
    const leaseMs = this.options.leaseMs ?? 20_000;
    const claimedAt = clock.now().getTime();
    const items = await queue.claimDue(clock.now(), this.options.batchSize ?? 20, leaseMs);
    let attempted = 0;
    let pause: { until: Date; code: string } | null = null;
    for (const item of items) {
      if (pause || clock.now().getTime() - claimedAt > leaseMs / 2) {
        await queue.retryLater(item.id, pause?.until ?? clock.now(), pause?.code ?? 'LEASE.RELEASED', false);
        continue;
      }
      attempted++;
      pause = await this.deliver(item);
    }
    return attempted;
  }

  protected async loop(): Promise<void> {
    const poll = this.options.pollMs ?? 1000;
    while (!this.stopping) {
      let n = 0;
      try {
        n = await this.runOnce();
      } catch (e) {
        this.options.log('error', 'outbox worker failed', { err: { type: (e as Error)?.name } });
      }
      if (n > 0 || this.stopping) continue;
      const due = await this.options.queue.nextDueAt().catch(() => null);
      const wait = due === null ? poll : Math.max(5, Math.min(poll, due - this.options.clock.now().getTime()));
      await this.waker.sleep(wait);
    }
  }

  /** Returns when to try again if the messenger failed transiently (the rest of the batch waits too). */
  private async deliver(item: OutboxItem): Promise<{ until: Date; code: string } | null> {
    const { queue, clock, log } = this.options;
    let result: Attempt;
    try {
      result = await this.attempt(item.notification);
    } catch (e) {
      // A bug (unknown template, card...) will not fix itself by retrying.
      result = err({ code: `BUG.${(e as Error)?.name ?? 'Error'}`, permanent: true });
    }
    const now = clock.now();
    if (result.ok === true) {
      await queue.markDelivered(item.id, now);
      return null;
    }
    if (result.ok === 'defer') {
      await queue.retryLater(item.id, new Date(now.getTime() + result.retryInMs), result.code, false);
      return null;
    }
    const attempts = item.attempts + 1;
    const max = this.options.maxAttempts ?? 8;
    if (result.error.permanent || attempts >= max) {
      log('warn', 'outbox item dead', { outboxId: item.id, attempts, code: result.error.code });
      await queue.markDead(item.id, now, result.error.code);
      return null;
    }
    const delay = backoffMs(attempts, this.options.backoffBaseMs ?? 1000, this.options.backoffMaxMs ?? 5 * 60_000);
    const until = new Date(now.getTime() + delay);
    await queue.retryLater(item.id, until, result.error.code, true);
    return { until, code: result.error.code };
  }

  private async attempt(n: OutboundNotification): Promise<Attempt> {
    const r = n.recipient;
    if (r.kind === 'former_employee_mail') return this.mail(n, r.employeeId);
    let userId: string;
    let locale = n.locale;
    if (r.kind === 'messenger_user') userId = r.userId;
    else {
      const employee = await this.options.findEmployee(r.employeeId);
      if (!employee?.dingtalkUserId) return err({ code: 'RECIPIENT.NO_MESSENGER_ACCOUNT', permanent: true });
      userId = employee.dingtalkUserId;
      locale ??= employee.locale ?? undefined;
    }
    const lang = locale ?? this.options.defaultLocale;
    const { messenger } = this.options;
    if (n.card) {
      const params = renderNotificationCard(n, lang);
      return n.card.update
        ? messenger.updateCard({ outTrackId: n.card.outTrackId, params })
        : messenger.sendCard(userId, { outTrackId: n.card.outTrackId, params });
    }
    const message = renderNotificationText(n, lang);
    const margin = this.options.sessionMarginMs ?? 60_000;
    if (n.replySession && n.replySession.expiresAt - margin > this.options.clock.now().getTime()) {
      const viaSession = await messenger.replyInSession(n.replySession.url, message);
      if (viaSession.ok || !userId) return viaSession;
      // Session refused or expired: fall back to the OpenAPI send below.
    }
    if (!userId) return err({ code: 'RECIPIENT.NO_MESSENGER_ACCOUNT', permanent: true });
    return messenger.sendText([userId], message);
  }

  private async mail(n: OutboundNotification, employeeId: string): Promise<Attempt> {
    const resolver = this.options.mailResolver();
    if (!resolver) return { ok: 'defer', code: 'MAIL.NO_RESOLVER', retryInMs: 10 * 60_000 };
    const to = await resolver.addressFor(employeeId);
    if (!to) return err({ code: 'MAIL.NO_ADDRESS', permanent: true });
    const message = renderNotificationText(n, n.locale ?? this.options.defaultLocale);
    const sent = await this.options.mailer.send({ to, subject: message.title, text: message.markdown });
    return sent.ok ? ok(undefined) : sent;
  }
}
