import type { Channel } from '../audit/access-log-entry.js';
import { hasRole } from '../records/employee.js';
import { domainError, type DomainError } from '../shared/domain-error.js';
import { err, ok, type Result } from '../shared/result.js';
import { confirmItem, isChecklistItem, type OffboardingCase } from './offboarding-case.js';
import { approvingHead, loadCaseForApprover, logEntry, type OffboardingDeps } from './offboarding-support.js';

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
    const loaded = await loadCaseForApprover(uow, input.caseId, input.actorId);
    if (!loaded.ok) return loaded;
    const { cases, case: c, actor, subject } = loaded.value;
    const now = deps.clock.now();
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
