import { isInOrganisation } from '../access/relationship.js';
import type { Employee } from '../records/employee.js';
import type { FieldCatalog } from '../records/field-catalog.js';
import { retentionStatement, type RetentionStatementLine } from '../retention/retention-statement.js';
import { required, type Transactor, type UnitOfWork } from '../shared/unit-of-work.port.js';
import type { ChecklistItemKey, OffboardingCase } from './offboarding-case.js';
import { approvingHead } from './offboarding-support.js';
import { confirmableItems } from './confirm-checklist-item.use-case.js';

const departmentsOf = async (uow: UnitOfWork) => new Map((await uow.departments.all()).map((d) => [d.id, d] as const));

export interface MyOffboardingView {
  readonly case: OffboardingCase | null;
  /** What is kept after the last day, why and until when (from the catalog in force). */
  readonly statement: RetentionStatementLine[] | null;
  /** The items the employee may tick themselves (by the confirmation rule: none of their own). */
  readonly confirmable: ChecklistItemKey[];
}

/** My latest case (open or closed) and, when there is one, the retention statement for its last day. */
export async function myOffboarding(deps: { readonly tx: Transactor }, input: { readonly employeeId: string }): Promise<MyOffboardingView> {
  return deps.tx.run(async (uow) => {
    const c = await required(uow.offboarding, 'offboarding').latestFor(input.employeeId);
    if (!c) return { case: null, statement: null, confirmable: [] };
    const [catalog, me]: [FieldCatalog, Employee | null] = [await uow.catalog.current(), await uow.employees.get(input.employeeId)];
    return {
      case: c,
      statement: retentionStatement(catalog, c.lastDay, me?.separation.finalPayDate ?? null),
      confirmable: confirmableItems(c, me, me, await departmentsOf(uow)),
    };
  });
}

export interface HandoverView {
  readonly case: OffboardingCase;
  readonly employee: { readonly id: string; readonly name: string };
  /** The items this head may tick on the case. */
  readonly confirmable: ChecklistItemKey[];
}

/**
 * Open cases whose handover this person confirms as the approving department head, with the
 * handover not yet confirmed: the "handovers to confirm" list of the team page.
 */
export async function pendingHandovers(deps: { readonly tx: Transactor }, input: { readonly actorId: string }): Promise<HandoverView[]> {
  return deps.tx.run(async (uow) => {
    const actor = await uow.employees.get(input.actorId);
    if (!actor || !isInOrganisation(actor)) return [];
    const departments = await departmentsOf(uow);
    const out: HandoverView[] = [];
    for (const c of await required(uow.offboarding, 'offboarding').listOpen(500)) {
      if (c.status !== 'pending_departure' || c.checklist.some((i) => i.key === 'handover' && i.done)) continue;
      const subject = await uow.employees.get(c.employeeId);
      if (subject && approvingHead(subject, departments) === actor.id)
        out.push({ case: c, employee: { id: subject.id, name: subject.name }, confirmable: confirmableItems(c, actor, subject, departments) });
    }
    return out;
  });
}
