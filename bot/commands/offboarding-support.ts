import type { OffboardingDeps } from '../../core/offboarding/offboarding-support.js';
import type { IdGenerator } from '../../core/shared/ids.port.js';
import type { DomainError } from '../../core/shared/domain-error.js';
import { withinTransaction } from '../../core/contact/contact-context.js';
import { text, type BotContext, type Reply } from '../dispatcher/bot-context.js';
import { errorMessageKey, type MessageKey } from '../i18n/translator.js';

/** What the offboarding and consent commands need beyond the chat context (wired by the composition root). */
export interface OffboardingBotDeps {
  readonly ids: IdGenerator;
}

/** The use cases run inside the chat message's own transaction (one commit with the replies). */
export const offboardingDepsFor = (ctx: BotContext, deps: OffboardingBotDeps): OffboardingDeps => ({
  tx: withinTransaction(ctx.uow),
  clock: ctx.clock,
  ids: deps.ids,
  timezone: ctx.settings.timezone,
});

export const offboardingError = (e: DomainError, title: MessageKey = 'offboarding.title'): Reply =>
  text(title, { key: e.code === 'ACCESS.DENIED' ? 'offboarding.error.not_approver' : errorMessageKey(e.code) });
