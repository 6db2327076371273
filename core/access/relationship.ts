import type { Department } from '../records/department.js';
import { isInSubtree } from '../records/department.js';
import type { Employee } from '../records/employee.js';
import { hasRole } from '../records/employee.js';
import type { Audience } from '../records/field-catalog.js';

/** Employees still in the organisation; former employees are invisible to colleagues and heads. */
export const isInOrganisation = (e: Pick<Employee, 'status'>): boolean =>
  e.status === 'active' || e.status === 'pending_departure';

/**
 * An auditor-only account is an oversight account: it sees the log, never a colleague's values.
 * Any other role makes the holder a working colleague.
 */
const isWorkingColleague = (e: Pick<Employee, 'roles'>): boolean => e.roles.some((r) => r !== 'auditor');

/** True when `actor` is the head of the subject's department or of one of its ancestors. */
export function headsSubtreeOf(
  actor: Pick<Employee, 'id'>,
  subjectDepartmentId: string,
  departments: ReadonlyMap<string, Department>,
): boolean {
  for (const d of departments.values()) {
    if (d.headEmployeeId === actor.id && isInSubtree(subjectDepartmentId, d.id, departments)) return true;
  }
  return false;
}

/**
 * The audiences the actor holds toward the subject, computed from the records as they are now
 * (never cached), so a role change or a move applies to the very next request.
 * A departed actor holds none (callers check that first; this is the second lock).
 */
export function audiencesOf(
  actor: Employee,
  subject: Employee,
  departments: ReadonlyMap<string, Department>,
): Set<Audience> {
  const out = new Set<Audience>();
  if (!isInOrganisation(actor)) return out;
  if (actor.id === subject.id) out.add('self');
  if (hasRole(actor, 'hr_admin')) out.add('hr_admin');
  if (actor.id === subject.id || !isInOrganisation(subject)) return out;
  if (isWorkingColleague(actor)) {
    out.add('colleague');
    if (actor.departmentId === subject.departmentId) out.add('same_department');
  }
  if (hasRole(actor, 'dept_head') && headsSubtreeOf(actor, subject.departmentId, departments)) out.add('dept_head');
  return out;
}
