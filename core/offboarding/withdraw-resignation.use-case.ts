import type { Channel } from '../audit/access-log-entry.js';
import { staffWithRole } from '../access/access-context.js';
import { isInOrganisation } from '../access/relationship.js';
import { NO_SEPARATION, hasRole } from '../records/employee.js';
import { domainError, type DomainError } from '../shared/domain-error.js';
import { err, ok, type Result } from '../shared/result.js';
import { required } from '../shared/unit-of-work.port.js';
import { cancel, type OffboardingCase } from './offboarding-case.js';
import { logEntry, type OffboardingDeps } from './offboarding-support.js';

export interface WithdrawResignationInput {
  readonly actorId: string;
  readonly caseId: string;
  readonly channel: Channel;
}

/**
 * The person changes their mind (or HR withdraws a resignation filed by mistake) before the
 * last day: the open case is cancelled, the employee is active again with no planned
 * separation, and whoever did not act is told. Answers already given on the offboarding card
 * stay in the consent history as evidence; a departed case cannot be withdrawn.
 */
export async function withdrawResignation(deps: OffboardingDeps, input: WithdrawResignationInput): Promise<Result<OffboardingCase, DomainError>> {
  return deps.tx.run(async (uow) => {
    const cases = required(uow.offboarding, 'offboarding');
    const found = await cases.get(input.caseId);
    if (!found) return err(domainError('OFFBOARDING.NOT_FOUND', { kind: 'case' }));
    const [actor, subject] = [await uow.employees.get(input.actorId), await uow.employees.get(found.employeeId)];
    if (!subject) return err(domainError('OFFBOARDING.NOT_FOUND', { kind: 'employee' }));
    if (!actor || !isInOrganisation(actor)) return err(domainError('ACCESS.DENIED', { reason: 'NOT_IN_ORGANISATION' }));
    const own = actor.id === subject.id;
    if (!own && !hasRole(actor, 'hr_admin')) return err(domainError('ACCESS.DENIED', { reason: 'NOT_HR_ADMIN' }));
    const cancelled = cancel(found);
    if (!cancelled.ok) return cancelled;
    const saved = await cases.save(cancelled.value);
    await uow.employees.save({
      ...subject,
      status: subject.status === 'pending_departure' ? 'active' : subject.status,
      separation: { ...NO_SEPARATION },
    });
    const now = deps.clock.now();
    await uow.accessLog.append(logEntry(now, input.channel, actor, subject.id, 'offboarding', own ? 'RESIGNATION_WITHDRAWN' : 'RESIGNATION_WITHDRAWN_BY_HR'));
    const told = own ? (await staffWithRole(uow.employees, 'hr_admin')).filter((hr) => hr.id !== subject.id) : [subject];
    for (const person of told)
      await uow.outbox.enqueue({
        recipient: { kind: 'employee', employeeId: person.id },
        template: own ? 'offboarding.withdrawn_by_employee' : 'offboarding.withdrawn_by_hr',
        params: { employeeName: subject.name, lastDay: found.lastDay },
        dedupeKey: `offboarding:${saved.id}:withdrawn:${person.id}`,
      });
    return ok(saved);
  });
}
