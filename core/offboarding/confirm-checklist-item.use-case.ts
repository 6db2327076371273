import type { Channel } from '../audit/access-log-entry.js';
import { isInOrganisation } from '../access/relationship.js';
import type { Department } from '../records/department.js';
import { hasRole, type Employee } from '../records/employee.js';
import { domainError, type DomainError } from '../shared/domain-error.js';
import { err, ok, type Result } from '../shared/result.js';
import { confirmItem, isChecklistItem, type ChecklistItemKey, type OffboardingCase } from './offboarding-case.js';
import { approvingHead, loadCaseForApprover, logEntry, type OffboardingDeps } from './offboarding-support.js';

export interface ConfirmChecklistItemInput {
  readonly actorId: string;
  readonly caseId: string;
  readonly item: string;
  readonly channel: Channel;
}

/**
 * Who may tick an item of someone's case: HR any item, the approving department head the
 * handover, nobody an item of their own case. Pages offer buttons by this same rule.
 */
export function mayConfirmChecklistItem(actor: Employee, subject: Employee, item: ChecklistItemKey, departments: ReadonlyMap<string, Department>): boolean {
  if (!isInOrganisation(actor) || actor.id === subject.id) return false;
  if (hasRole(actor, 'hr_admin')) return true;
  return item === 'handover' && approvingHead(subject, departments) === actor.id;
}

/** The items of a case this actor may tick now: open items of a case pending departure. */
export function confirmableItems(c: OffboardingCase, actor: Employee | null, subject: Employee | null, departments: ReadonlyMap<string, Department>): ChecklistItemKey[] {
  if (!actor || !subject || c.status !== 'pending_departure') return [];
  return c.checklist.filter((i) => !i.done && mayConfirmChecklistItem(actor, subject, i.key, departments)).map((i) => i.key);
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
    const departments = new Map((await uow.departments.all()).map((d) => [d.id, d] as const));
    if (!mayConfirmChecklistItem(actor, subject, item, departments)) return err(domainError('ACCESS.DENIED', { reason: 'NOT_AN_APPROVER' }));
    const next = confirmItem(c, item, actor.id, now);
    if (!next.ok) return next;
    const saved = await cases.save(next.value);
    if (item === 'handover') await uow.employees.save({ ...subject, separation: { ...subject.separation, handoverStatus: 'confirmed' } });
    await uow.accessLog.append(logEntry(now, input.channel, actor, subject.id, 'offboarding', `CHECKLIST_${item.toUpperCase()}_CONFIRMED`));
    return ok(saved);
  });
}
