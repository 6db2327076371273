import type { Channel } from '../audit/access-log-entry.js';
import type { Clock } from '../shared/clock.port.js';
import { domainError, type DomainError } from '../shared/domain-error.js';
import { err, ok, type Result } from '../shared/result.js';
import type { Transactor } from '../shared/unit-of-work.port.js';
import type { ReviewTask } from './access.ports.js';
import { can } from './permissions.js';

export interface CloseReviewInput {
  readonly actorId: string;
  readonly reviewId: string;
  /** The reviewer's finding, e.g. "justified: accident on site" or "misuse: referred to HRBP". */
  readonly outcome: string;
  readonly channel: Channel;
}

/** After-the-fact review of a break-glass use: an HR admin other than the one who used it closes it. */
export async function closeReview(
  deps: { readonly tx: Transactor; readonly clock: Clock },
  input: CloseReviewInput,
): Promise<Result<ReviewTask, DomainError>> {
  const outcome = input.outcome.trim();
  if (outcome.length < 2 || outcome.length > 500) return err(domainError('INPUT.INVALID', { reason: 'OUTCOME_LENGTH' }));
  return deps.tx.run(async (uow) => {
    const actor = await uow.employees.get(input.actorId);
    const open = (await uow.grants.listReviews('open')).find((r) => r.id === input.reviewId);
    if (!can(actor, 'reviews.close') || !open || !actor) return err(domainError('ACCESS.DENIED', { reason: 'NOT_VISIBLE_TO_RELATIONSHIP' }));
    // Nobody reviews their own emergency access.
    if (open.actorId === actor.id) return err(domainError('ACCESS.DENIED', { reason: 'SECOND_APPROVER_SAME_PERSON' }));
    const closed: ReviewTask = { ...open, status: 'closed', reviewedBy: actor.id, outcome };
    await uow.grants.saveReview(closed);
    await uow.accessLog.append({
      at: deps.clock.now(),
      actorId: actor.id,
      actorRole: 'hr_admin',
      subjectId: open.subjectId,
      action: 'approval',
      fields: [],
      purpose: 'emergency_safety',
      justification: null,
      outcome: 'recorded',
      reasonCode: 'REVIEW_CLOSED',
      channel: input.channel,
      correlationId: open.grantId,
    });
    return ok(closed);
  });
}
