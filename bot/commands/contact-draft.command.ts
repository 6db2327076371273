import { contactsOf } from '../../core/contact/contact-context.js';
import { MESSAGE_MAX } from '../../core/contact/contact-request.js';
import { reviewContactRequest } from '../../core/contact/review-contact-request.use-case.js';
import { text, type CommandListener } from '../dispatcher/bot-context.js';
import { contactDepsFor, contactError, DRAFT_MS, type ContactBotDeps } from './contact-support.js';

/**
 * Free text that no command claimed: the message of a request being composed, or HR's note for
 * a cancellation. Anything else goes to the wrapped fallback (help). Wrapping the fallback keeps
 * every command — including ones registered later — ahead of it.
 */
export function contactDraftFallback(deps: ContactBotDeps, fallback: CommandListener): CommandListener {
  return {
    id: 'contact-draft',
    matches: () => true,
    async handle(ctx, input) {
      const now = ctx.clock.now();
      const draft = ctx.sender && input.text.trim() ? await contactsOf(ctx.uow).drafts.get(ctx.sender.id, now) : null;
      if (!draft || !ctx.sender) return fallback.handle(ctx, input);
      const drafts = contactsOf(ctx.uow).drafts;
      if (draft.kind === 'hr_note') {
        await drafts.clear(ctx.sender.id);
        const r = await reviewContactRequest(contactDepsFor(ctx, deps), {
          reviewerId: ctx.sender.id,
          requestId: draft.requestId,
          decision: 'cancel',
          note: input.text,
          channel: 'bot',
        });
        return [r.ok ? text('contact.review.title', { key: 'contact.review.cancelled' }) : contactError(r.error)];
      }
      if (draft.reason === null) return fallback.handle(ctx, input);
      const message = input.text.trim();
      if ([...message].length > MESSAGE_MAX) return [text('contact.title', { key: 'error.input' })];
      await drafts.put({ ...draft, message, expiresAt: new Date(now.getTime() + DRAFT_MS) });
      const target = await ctx.uow.employees.get(draft.targetId);
      const policy = (await ctx.uow.catalog.current()).contactRequests;
      return [
        {
          kind: 'card',
          card: 'contact_confirm',
          data: { name: target?.name ?? '', reasonRef: `contact.reason.${draft.reason}`, message, review: policy.hrReviewFor.includes(draft.reason) },
        },
      ];
    },
  };
}
