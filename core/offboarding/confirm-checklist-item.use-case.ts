import type { Channel } from '../audit/access-log-entry.js';
import { isInOrganisation } from '../access/relationship.js';
import { hasRole } from '../records/employee.js';
import { domainError, type DomainError } from '../shared/domain-error.js';
import { err, ok, type Result } from '../shared/result.js';
import { required } from '../shared/unit-of-work.port.js';
import { confirmItem, isChecklistItem, type OffboardingCase } from './offboarding-case.js';
import { approvingHead, logEntry, type OffboardingDeps } from './offboarding-support.js';

export interface ConfirmChecklistItemInput {
  readonly actorId: string;
  readonly caseId: string;
  readonly item: string;
  readonly channel: Channel;
}

/** HR ticks equipment and accounts; the handover is confirmed by the department head (or HR). */
export async function confirmChecklistItem(deps: OffboardingDeps, input: ConfirmChecklistItemInput): Promise<Result<OffboardingCase, DomainError>> {
  const item = input.item;
  if (!isChecklistItem(item)) return err(domainError('INPUT.INVALID', { field: 'item' }));
  return deps.tx.run(async (uow) => {
    const cases = required(uow.offboarding, 'offboarding');
    const now = deps.clock.now();
    const c = await cases.get(input.caseId);
    if (!c) return err(domainError('OFFBOARDING.NOT_FOUND', { kind: 'case' }));
    const [actor, subject] = [await uow.employees.get(input.actorId), await uow.employees.get(c.employeeId)];
    if (!subject) return err(domainError('OFFBOARDING.NOT_FOUND', { kind: 'employee' }));
    if (!actor || !isInOrganisation(actor) || actor.id === subject.id) return err(domainError('ACCESS.DENIED', { reason: 'NOT_AN_APPROVER' }));
    const isHr = hasRole(actor, 'hr_admin');
    let isHead = false;
    if (item === 'handover' && !isHr) {
      const departments = new Map((await uow.departments.all()).map((d) => [d.id, d] as const));
      isHead = approvingHead(subject, departments) === actor.id;
    }
    if (!isHr && !isHead) return err(domainError('ACCESS.DENIED', { reason: 'NOT_AN_APPROVER' }));
    const next = confirmItem(c, item, actor.id, now);
    if (!next.ok) return next;
    const saved = await cases.save(next.value);
    if (item === 'handover') await uow.employees.save({ ...subject, separation: { ...subject.separation, handoverStatus: 'confirmed' } });
    await uow.accessLog.append(logEntry(now, input.channel, actor, subject.id, 'offboarding', `CHECKLIST_${item.toUpperCase()}_CONFIRMED`));
    return ok(saved);
  });
}
