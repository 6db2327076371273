import { createHash } from 'node:crypto';
import type { Clock } from '../../core/shared/clock.port.js';
import { DomainError } from '../../core/shared/domain-error.js';
import type { MessagingTransactor } from '../../core/messaging/messaging-transactor.port.js';
import type { CardCallback, CardCallbackResponse } from '../receivers/card-callback.js';
import { renderCard } from '../cards/card-renderer.js';
import { translate } from '../i18n/translator.js';
import type { BotContext, BotSettings } from './bot-context.js';
import type { Dispatcher } from './dispatcher.js';
import { repliesToNotifications } from './reply-renderer.js';
import { localeFor, resolveSender } from './sender.js';

export interface CardActionRunnerOptions {
  readonly tx: MessagingTransactor;
  readonly dispatcher: Dispatcher;
  readonly clock: Clock;
  readonly settings: BotSettings;
  /** Answer by then even if the action is still running (the platform allows 2 s). */
  readonly budgetMs?: number;
  /** A failure after the deadline has no caller left to tell. */
  readonly onLateError?: (error: unknown) => void;
}

const MERGE = { updateCardDataByKey: true, updatePrivateDataByKey: true } as const;
const ATTEMPTS = 5;

/**
 * Two presses by one person at the same moment (say, two cards) may both edit their employee
 * row; on PostgreSQL the later one then sees a stale version, or the database aborts it as a
 * serialisation failure or deadlock. Running the action again on fresh data is the right answer,
 * not a 500 to the platform.
 */
export function isRetryableConflict(error: unknown): boolean {
  if (error instanceof DomainError) return error.code === 'RECORD.CONFLICT';
  const code = (error as { code?: unknown } | null)?.code;
  return code === '40001' || code === '40P01';
}

/** Same press = same card, user, action and parameters (key order does not matter). */
export function cardActionKey(cb: CardCallback): string {
  const canonical = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(canonical)
      : v && typeof v === 'object'
        ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, x]) => [k, canonical(x)]))
        : v;
  return createHash('sha256')
    .update(JSON.stringify([cb.outTrackId, cb.userId, cb.actionId, canonical(cb.params)]))
    .digest('base64url');
}

/**
 * Runs a card action once per press, in one transaction with its effects and its replies
 * (outbox). Answers within the budget: if the action is slower, the callback gets a
 * "processing" update and the final card goes out through the outbox as an update.
 */
export class CardActionRunner {
  constructor(private readonly options: CardActionRunnerOptions) {}

  run(cb: CardCallback): Promise<CardCallbackResponse> {
    const { tx, dispatcher, clock, settings } = this.options;
    const key = cardActionKey(cb);
    let answered = false;
    let committing = false;
    let processingLocale = settings.defaultLocale;

    const attempt = () => tx.run(async ({ uow, cardActions }) => {
      const started = await cardActions.begin({ key, outTrackId: cb.outTrackId, userId: cb.userId, actionId: cb.actionId }, clock.now());
      if (started.state === 'done') return started.response ? (JSON.parse(started.response) as CardCallbackResponse) : {};
      const sender = await resolveSender(uow, cb.userId);
      const locale = localeFor(sender, settings.defaultLocale);
      processingLocale = locale;
      const ctx: BotContext = { uow, sender, senderUserId: cb.userId, locale, clock, settings };
      const result = await dispatcher.onCardAction(ctx, cb.actionId, { outTrackId: cb.outTrackId, params: cb.params });
      const params = result.card ? renderCard(result.card.kind, result.card.data, locale) : null;
      const response: CardCallbackResponse = params ? { cardData: { cardParamMap: params }, cardUpdateOptions: MERGE } : {};
      const notifications = repliesToNotifications(result.replies ?? [], { correlationKey: `card:${key}`, userId: cb.userId, locale });
      // Too late for the callback's answer: the final card goes out as an update, in this transaction.
      if (answered && params && result.card)
        notifications.push({
          recipient: { kind: 'messenger_user', userId: cb.userId },
          template: 'bot.card',
          params: {},
          dedupeKey: `card:${key}:update`,
          locale,
          card: { kind: result.card.kind, outTrackId: cb.outTrackId, data: result.card.data, update: true },
        });
      else committing = true;
      for (const n of notifications) await uow.outbox.enqueue(n);
      await cardActions.complete(key, JSON.stringify(response), clock.now());
      return response;
    });
    const work = (async () => {
      for (let tries = 1; ; tries++) {
        try {
          return await attempt();
        } catch (e) {
          if (tries >= ATTEMPTS || !isRetryableConflict(e)) throw e;
          committing = false;
          // A little jitter so the same contenders do not collide again in lockstep.
          await new Promise((r) => setTimeout(r, Math.random() * 10 * tries));
        }
      }
    })();

    const budget = this.options.budgetMs ?? 1500;
    return new Promise<CardCallbackResponse>((resolve, reject) => {
      const timer = setTimeout(() => {
        if (committing) return; // finishing now; the final answer follows
        answered = true;
        resolve({ cardData: { cardParamMap: { status: translate(processingLocale, 'card.processing') } }, cardUpdateOptions: MERGE });
      }, budget);
      work.then(
        (r) => {
          clearTimeout(timer);
          if (!answered) resolve(r);
        },
        (e: unknown) => {
          clearTimeout(timer);
          if (!answered) reject(e);
          else this.options.onLateError?.(e);
        },
      );
    });
  }
}
