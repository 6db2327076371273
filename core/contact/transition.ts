import type { Channel } from '../audit/access-log-entry.js';
import type { Employee } from '../records/employee.js';
import { domainError, type DomainError } from '../shared/domain-error.js';
import { err, ok, type Result } from '../shared/result.js';
import type { UnitOfWork } from '../shared/unit-of-work.port.js';
import { contactLog, contactsOf } from './contact-context.js';
import { canTransition, type ContactRequest, type ContactStatus } from './contact-request.js';

export interface TransitionInput {
  readonly to: ContactStatus;
  readonly at: Date;
  readonly channel: Channel;
  readonly actor: Employee | null;
  readonly actorRole?: 'former_employee' | 'system';
  readonly patch?: Partial<Pick<ContactRequest, 'answer' | 'expiresAt' | 'reviewedBy' | 'hrNote'>>;
  readonly fields?: readonly string[];
}

export const statusReason = (s: ContactStatus): string => `CONTACT_${s.toUpperCase()}`;

/** Moves a request along the state machine, saves it and logs the transition in one go. */
export async function transition(uow: UnitOfWork, r: ContactRequest, t: TransitionInput): Promise<Result<ContactRequest, DomainError>> {
  if (!canTransition(r.status, t.to)) return err(domainError('CONTACT.INVALID_TRANSITION', { from: r.status, to: t.to }));
  const saved = await contactsOf(uow).requests.save({ ...r, ...t.patch, status: t.to, updatedAt: t.at });
  await contactLog(uow, {
    at: t.at,
    channel: t.channel,
    actor: t.actor,
    ...(t.actorRole ? { actorRole: t.actorRole } : {}),
    subjectId: r.targetId,
    requestId: r.id,
    outcome: 'recorded',
    reasonCode: statusReason(t.to),
    justification: r.reason,
    fields: t.fields ?? [],
  });
  return ok(saved);
}
