import { staffWithRole } from '../access/access-context.js';
import type { Channel } from '../audit/access-log-entry.js';
import type { Locale } from '../messaging/notification.js';
import { DAY_MS } from '../shared/clock.port.js';
import { domainError, type DomainError, type ErrorCode } from '../shared/domain-error.js';
import { err, ok, type Result } from '../shared/result.js';
import { contactLog, contactsOf, type ContactDeps } from './contact-context.js';
import { reviewCard } from './contact-notifications.js';
import { isContactReason, MESSAGE_MAX, type ContactRequest } from './contact-request.js';
import { deliverRequest } from './deliver-request.js';
import { isEligibleTarget } from './eligibility.js';
import { statusReason, transition } from './transition.js';

export interface RequestContactInput {
  readonly requesterId: string;
  readonly targetId: string;
  readonly reason: string;
  readonly message: string;
  readonly channel: Channel;
  /** Language of the mail when the former employee set none. */
  readonly defaultLocale: Locale;
}

/**
 * Files a contact request after the abuse limits: eligibility (overlapping tenure), one open
 * request per pair, a few open per requester, a cool-down after a neutral ending. A pair the
 * target blocked is filed like any other but never delivered (it expires), so nothing — not even
 * timing — tells the requester. Every refusal is logged.
 */
export async function requestContact(deps: ContactDeps, input: RequestContactInput): Promise<Result<ContactRequest, DomainError>> {
  const message = input.message.trim();
  if (!isContactReason(input.reason) || message.length === 0 || [...message].length > MESSAGE_MAX)
    return err(domainError('INPUT.INVALID', { reason: 'CONTACT_REQUEST_FIELDS' }));
  const reason = input.reason;
  return deps.tx.run(async (uow) => {
    const now = deps.clock.now();
    const store = contactsOf(uow);
    const requester = await uow.employees.get(input.requesterId);
    if (!requester) return err(domainError('CONTACT.NOT_ELIGIBLE'));
    const target = await uow.employees.get(input.targetId);
    const policy = (await uow.catalog.current()).contactRequests;
    const refuse = async (code: ErrorCode, reasonCode: string) => {
      await contactLog(uow, { at: now, channel: input.channel, actor: requester, subjectId: input.targetId, requestId: null, outcome: 'denied', reasonCode, justification: reason });
      return err(domainError(code));
    };
    // Unknown and ineligible look the same: the answer never says who exists.
    if (!target || !isEligibleTarget(requester, target, now)) return refuse('CONTACT.NOT_ELIGIBLE', 'CONTACT_NOT_ELIGIBLE');
    if (await store.requests.findOpen(requester.id, target.id)) return refuse('CONTACT.ALREADY_OPEN', 'CONTACT_ALREADY_OPEN');
    if ((await store.requests.countOpenByRequester(requester.id)) >= policy.maxOpenPerRequester)
      return refuse('CONTACT.TOO_MANY_OPEN', 'CONTACT_TOO_MANY_OPEN');
    const since = new Date(now.getTime() - policy.cooldownDays * DAY_MS);
    if (policy.cooldownDays > 0 && (await store.requests.lastNeutralEndingSince(requester.id, target.id, since)))
      return refuse('CONTACT.COOLDOWN', 'CONTACT_COOLDOWN');
    const blocked = await store.blocks.isBlocked(target.id, requester.id);
    if (blocked)
      await contactLog(uow, { at: now, channel: input.channel, actor: requester, subjectId: target.id, requestId: null, outcome: 'denied', reasonCode: 'CONTACT_BLOCKED_PAIR', justification: reason });

    const request = await store.requests.save({
      id: deps.ids.next(),
      requesterId: requester.id,
      targetId: target.id,
      reason,
      message,
      status: 'submitted',
      answer: null,
      suppressed: blocked,
      locale: target.locale ?? input.defaultLocale,
      createdAt: now,
      updatedAt: now,
      expiresAt: null,
      reviewedBy: null,
      hrNote: null,
      version: 0,
    });
    await contactLog(uow, { at: now, channel: input.channel, actor: requester, subjectId: target.id, requestId: request.id, outcome: 'recorded', reasonCode: statusReason('submitted'), justification: reason });
    const ctx = { at: now, channel: input.channel, actor: requester };
    if (!policy.hrReviewFor.includes(reason)) return deliverRequest(deps, uow, request, ctx);

    const review = await transition(uow, request, { ...ctx, to: 'hr_review' });
    if (!review.ok) return review;
    const dept = await uow.departments.get(requester.departmentId);
    for (const hr of await staffWithRole(uow.employees, 'hr_admin'))
      if (hr.id !== requester.id) await uow.outbox.enqueue(reviewCard(review.value, hr, requester, dept, target));
    return ok(review.value);
  });
}
