import { contactsOf } from '../../core/contact/contact-context.js';
import { reviewContactRequest } from '../../core/contact/review-contact-request.use-case.js';
import { requiresRole, text, type CardActionListener } from '../dispatcher/bot-context.js';
import { contactDepsFor, contactError, DRAFT_MS, type ContactBotDeps } from '../commands/contact-support.js';

/** HR's approval card: approve asks the former employee; cancel asks HR for a note first. */
export function contactReviewAction(deps: ContactBotDeps): CardActionListener {
  return {
    actionId: 'contact_review',
    guard: requiresRole('hr_admin'),
    async handle(ctx, input) {
      const requestId = typeof input.params.requestId === 'string' ? input.params.requestId : '';
      if (input.params.decision === 'cancel') {
        const r = await contactsOf(ctx.uow).requests.get(requestId);
        if (!r) return { replies: [text('contact.title', { key: 'contact.error.invalid' })] };
        await contactsOf(ctx.uow).drafts.put({ kind: 'hr_note', ownerId: ctx.sender!.id, requestId, expiresAt: new Date(ctx.clock.now().getTime() + DRAFT_MS) });
        return { replies: [text('contact.review.title', { key: 'contact.review.ask_note' })] };
      }
      const r = await reviewContactRequest(contactDepsFor(ctx, deps), { reviewerId: ctx.sender!.id, requestId, decision: 'approve', channel: 'bot' });
      return { replies: [r.ok ? text('contact.review.title', { key: 'contact.review.approved' }) : contactError(r.error)] };
    },
  };
}
