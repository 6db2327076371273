import type { Channel } from '../audit/access-log-entry.js';
import { hasRole } from '../records/employee.js';
import { domainError, type DomainError } from '../shared/domain-error.js';
import { err, type Result } from '../shared/result.js';
import { contactLog, contactsOf, type ContactDeps } from './contact-context.js';
import { requesterOutcome } from './contact-notifications.js';
import { NOTE_MAX, type ContactRequest } from './contact-request.js';
import { deliverRequest } from './deliver-request.js';
import { transition } from './transition.js';

export interface ReviewContactInput {
  readonly reviewerId: string;
  readonly requestId: string;
  readonly decision: 'approve' | 'cancel';
  /** Required to cancel: told to the requester. */
  readonly note?: string | null;
  readonly channel: Channel;
}

/**
 * HR's intervention: approve a request in hr_review (the former employee is then asked), or
 * cancel any open request with a note the requester reads. Only HR admins; logged either way.
 */
export async function reviewContactRequest(deps: ContactDeps, input: ReviewContactInput): Promise<Result<ContactRequest, DomainError>> {
  const note = input.note?.trim() ?? '';
  if (input.decision === 'cancel' && (note.length === 0 || [...note].length > NOTE_MAX))
    return err(domainError('INPUT.INVALID', { reason: 'NOTE_REQUIRED' }));
  return deps.tx.run(async (uow) => {
    const now = deps.clock.now();
    const reviewer = await uow.employees.get(input.reviewerId);
    const r = await contactsOf(uow).requests.get(input.requestId);
    if (!reviewer || !hasRole(reviewer, 'hr_admin') || reviewer.status === 'departed') {
      await contactLog(uow, { at: now, channel: input.channel, actor: reviewer, subjectId: r?.targetId ?? null, requestId: input.requestId, outcome: 'denied', reasonCode: 'NOT_HR_ADMIN' });
      return err(domainError('ACCESS.DENIED', { reason: 'NOT_HR_ADMIN' }));
    }
    if (!r) return err(domainError('CONTACT.NOT_FOUND'));
    if (r.requesterId === reviewer.id && input.decision === 'approve') return err(domainError('ACCESS.DENIED', { reason: 'OWN_REQUEST' }));
    const ctx = { at: now, channel: input.channel, actor: reviewer };
    if (input.decision === 'cancel') {
      const cancelled = await transition(uow, r, { ...ctx, to: 'cancelled', patch: { hrNote: note, reviewedBy: reviewer.id } });
      if (cancelled.ok) {
        const target = await uow.employees.get(r.targetId);
        const n = target ? requesterOutcome(cancelled.value, target) : null;
        if (n) await uow.outbox.enqueue(n);
      }
      return cancelled;
    }
    if (r.status !== 'hr_review') return err(domainError('CONTACT.INVALID_TRANSITION', { from: r.status, to: 'awaiting_consent' }));
    const approved = await contactsOf(uow).requests.save({ ...r, reviewedBy: reviewer.id, updatedAt: now });
    return deliverRequest(deps, uow, approved, ctx);
  });
}
