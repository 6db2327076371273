import type { ContactDeps } from '../../core/contact/contact-context.js';
import { withinTransaction } from '../../core/contact/contact-context.js';
import type { ContactLinkIssuer } from '../../core/contact/contact-links.js';
import type { IdGenerator } from '../../core/shared/ids.port.js';
import type { DomainError } from '../../core/shared/domain-error.js';
import { MINUTE_MS } from '../../core/shared/clock.port.js';
import { text, type BotContext, type Reply } from '../dispatcher/bot-context.js';
import type { MessageKey } from '../i18n/translator.js';

/** What the contact commands need beyond the chat context (wired by the composition root). */
export interface ContactBotDeps {
  readonly ids: IdGenerator;
  readonly links: ContactLinkIssuer;
}

/** The use cases run inside the chat message's own transaction (one commit with the replies). */
export const contactDepsFor = (ctx: BotContext, deps: ContactBotDeps): ContactDeps => ({
  tx: withinTransaction(ctx.uow),
  clock: ctx.clock,
  ids: deps.ids,
  links: deps.links,
});

/** How long a half-composed request waits for the next step. */
export const DRAFT_MS = 30 * MINUTE_MS;

const CONTACT_ERRORS: Partial<Record<DomainError['code'], MessageKey>> = {
  'CONTACT.NOT_ELIGIBLE': 'contact.error.not_eligible',
  'CONTACT.ALREADY_OPEN': 'contact.error.already_open',
  'CONTACT.TOO_MANY_OPEN': 'contact.error.too_many_open',
  'CONTACT.COOLDOWN': 'contact.error.cooldown',
  'CONTACT.RATE_LIMITED': 'contact.error.rate_limited',
  'CONTACT.NOT_FOUND': 'contact.error.invalid',
  'CONTACT.INVALID_TRANSITION': 'contact.error.invalid',
  'CONTACT.LINK_INVALID': 'contact.error.invalid',
  'INPUT.INVALID': 'error.input',
  'ACCESS.DENIED': 'common.not_allowed',
};

export const contactError = (e: DomainError): Reply => text('contact.title', { key: CONTACT_ERRORS[e.code] ?? 'error.contact' });
