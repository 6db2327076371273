import { roleForLog } from '../access/access-context.js';
import type { Channel, LogAction, NewAccessLogEntry } from '../audit/access-log-entry.js';
import type { Department } from '../records/department.js';
import type { Employee } from '../records/employee.js';
import type { Clock } from '../shared/clock.port.js';
import type { IdGenerator } from '../shared/ids.port.js';
import { required, type Transactor, type UnitOfWork } from '../shared/unit-of-work.port.js';
import { isInOrganisation } from '../access/relationship.js';
import { domainError, type DomainError } from '../shared/domain-error.js';
import { err, ok, type Result } from '../shared/result.js';
import type { OffboardingCase } from './offboarding-case.js';
import type { OffboardingCases } from './offboarding.port.js';

export interface OffboardingDeps {
  readonly tx: Transactor;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  /** BOUNDARY_TIMEZONE: "today" and "the last day" are dates there. */
  readonly timezone: string;
}

/** The calendar date (YYYY-MM-DD) of an instant in a time zone. */
export function localDate(at: Date, timezone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(at);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

export const isIsoDate = (s: string): boolean => /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);

/**
 * Who confirms for the department: the head of the employee's department, or of the nearest
 * ancestor with a head other than the employee (a head resigning is approved one level up).
 */
export function approvingHead(subject: Employee, departments: ReadonlyMap<string, Department>): string | null {
  let current: string | null = subject.departmentId;
  const seen = new Set<string>();
  while (current !== null && !seen.has(current)) {
    seen.add(current);
    const d = departments.get(current);
    if (!d) return null;
    if (d.headEmployeeId && d.headEmployeeId !== subject.id) return d.headEmployeeId;
    current = d.parentId;
  }
  return null;
}

export function logEntry(
  at: Date,
  channel: Channel,
  actor: Employee | null,
  subjectId: string,
  action: LogAction,
  reasonCode: string,
  fields: readonly string[] = [],
  outcome: NewAccessLogEntry['outcome'] = 'recorded',
): NewAccessLogEntry {
  return {
    at,
    actorId: actor?.id ?? null,
    actorRole: actor ? roleForLog(actor) : 'system',
    subjectId,
    action,
    fields: [...fields],
    purpose: null,
    justification: null,
    outcome,
    reasonCode,
    channel,
    correlationId: null,
  };
}

/** A case, the person leaving, and the colleague acting on it — never the leaver themself. */
export interface CaseForApprover {
  readonly cases: OffboardingCases;
  readonly case: OffboardingCase;
  readonly actor: Employee;
  readonly subject: Employee;
}

/**
 * Loads what an approval or a checklist confirmation acts on, with the refusals both share:
 * an unknown case or employee is not found; an absent, departed or self-approving actor is denied.
 */
export async function loadCaseForApprover(uow: UnitOfWork, caseId: string, actorId: string): Promise<Result<CaseForApprover, DomainError>> {
  const cases = required(uow.offboarding, 'offboarding');
  const found = await cases.get(caseId);
  if (!found) return err(domainError('OFFBOARDING.NOT_FOUND', { kind: 'case' }));
  const [actor, subject] = [await uow.employees.get(actorId), await uow.employees.get(found.employeeId)];
  if (!subject) return err(domainError('OFFBOARDING.NOT_FOUND', { kind: 'employee' }));
  if (!actor || !isInOrganisation(actor) || actor.id === subject.id) return err(domainError('ACCESS.DENIED', { reason: 'NOT_AN_APPROVER' }));
  return ok({ cases, case: found, actor, subject });
}
