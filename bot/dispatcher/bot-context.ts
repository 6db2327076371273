import type { Clock } from '../../core/shared/clock.port.js';
import type { UnitOfWork } from '../../core/shared/unit-of-work.port.js';
import type { Employee } from '../../core/records/employee.js';
import type { Locale } from '../../core/messaging/notification.js';
import type { MessageKey, Params } from '../i18n/translator.js';

export interface BotSettings {
  /** Where people open the mini-app (never a deep link with data in it). */
  readonly miniappUrl: string;
  readonly timezone: string;
  readonly defaultLocale: Locale;
}

/** What a handler gets: the sender, their locale, the transaction's ports and a clock. */
export interface BotContext {
  readonly uow: UnitOfWork;
  /** The sender's employee record, or null when the messenger user is not linked to one. */
  readonly sender: Employee | null;
  readonly senderUserId: string;
  readonly locale: Locale;
  readonly clock: Clock;
  readonly settings: BotSettings;
}

export interface TextPart {
  readonly key: MessageKey;
  readonly params?: Params;
  /** Placeholders filled with another message in the same locale (e.g. a status label). */
  readonly refs?: Readonly<Record<string, MessageKey>>;
}

/** What handlers return; the worker renders and enqueues it (handlers send nothing themselves). */
export type Reply =
  | { readonly kind: 'text'; readonly title: MessageKey; readonly parts: readonly TextPart[] }
  | { readonly kind: 'card'; readonly card: string; readonly data: Params };

export const text = (title: MessageKey, ...parts: TextPart[]): Reply => ({ kind: 'text', title, parts });

/** A guard passes (null) or names the message that explains the refusal. */
export type Guard = (ctx: BotContext) => MessageKey | null;

export const requiresEmployee: Guard = (ctx) => (ctx.sender ? null : 'common.not_registered');
export const requiresRole =
  (role: Employee['roles'][number]): Guard =>
  (ctx) =>
    !ctx.sender ? 'common.not_registered' : ctx.sender.roles.includes(role) ? null : 'common.not_allowed';

/** A chat command: guard + matcher + handler, registered as data. */
export interface CommandListener {
  readonly id: string;
  readonly guard?: Guard;
  /** True when the (trimmed) text asks for this command, in either language. */
  readonly matches: (text: string) => boolean;
  readonly handle: (ctx: BotContext, input: { readonly text: string }) => Promise<readonly Reply[]>;
}

export interface CardActionInput {
  readonly outTrackId: string;
  readonly params: Readonly<Record<string, unknown>>;
}

export interface CardActionResult {
  /** The card re-drawn after the action (merged into the instance by key). */
  readonly card?: { readonly kind: string; readonly data: Params };
  readonly replies?: readonly Reply[];
}

/** A card button: matched by actionId; idempotent by (card, user, action, params). */
export interface CardActionListener {
  readonly actionId: string;
  readonly guard?: Guard;
  readonly handle: (ctx: BotContext, input: CardActionInput) => Promise<CardActionResult>;
}
