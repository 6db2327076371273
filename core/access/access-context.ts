import type { Channel, LogAction, NewAccessLogEntry } from '../audit/access-log-entry.js';
import type { Department } from '../records/department.js';
import type { Employee } from '../records/employee.js';
import { NO_SEPARATION } from '../records/employee.js';
import type { FieldCatalog } from '../records/field-catalog.js';
import type { Employees } from '../records/records.ports.js';
import type { Role } from '../records/roles.js';
import { domainError, type DomainError } from '../shared/domain-error.js';
import type { UnitOfWork } from '../shared/unit-of-work.port.js';
import type { AccessDecision, ReasonCode } from './decision.js';

/** What every access use case reads first, fresh inside its own transaction (no cache). */
export interface AccessContext {
  readonly actor: Employee | null;
  readonly subject: Employee | null;
  readonly catalog: FieldCatalog;
  readonly departments: ReadonlyMap<string, Department>;
  /** The subject's granted consent purposes, read fresh (null when consents are not wired). */
  readonly consents: ReadonlySet<string> | null;
}

export async function loadAccessContext(uow: UnitOfWork, actorId: string, subjectId: string | null): Promise<AccessContext> {
  const actor = await uow.employees.get(actorId);
  const subject = subjectId === null ? null : await uow.employees.get(subjectId);
  const catalog = await uow.catalog.current();
  const departments = new Map((await uow.departments.all()).map((d) => [d.id, d] as const));
  const consents = subject && uow.consents ? await uow.consents.granted(subject.id) : null;
  return { actor, subject, catalog, departments, consents };
}

/**
 * Who an unknown subject id is judged as: an active stranger in no department. A forbidden id
 * and a non-existent one then get the same refusal, so answers never reveal who exists.
 */
export function strangerStandIn(subjectId: string): Employee {
  return {
    id: subjectId,
    employeeNo: '',
    name: '',
    dingtalkUserId: null,
    departmentId: '',
    managerId: null,
    title: '',
    workEmail: null,
    workPhone: null,
    status: 'active',
    roles: [],
    hireDate: null,
    contractType: null,
    contractEnd: null,
    separation: NO_SEPARATION,
    legalHold: false,
    anonymisedAt: null,
    locale: null,
    version: 0,
  };
}

const ROLE_WEIGHT: readonly Role[] = ['hr_admin', 'dept_head', 'employee', 'auditor'];

/** The role an entry is logged under: the one the purpose relies on, else the strongest held. */
export function roleForLog(actor: Employee | null, purposeRoles: readonly Role[] = []): Role | null {
  if (!actor) return null;
  return ROLE_WEIGHT.find((r) => actor.roles.includes(r) && purposeRoles.includes(r)) ?? ROLE_WEIGHT.find((r) => actor.roles.includes(r)) ?? null;
}

export const logOutcome = (d: AccessDecision): NewAccessLogEntry['outcome'] =>
  d.outcome === 'allow' ? 'allowed' : d.outcome === 'deny' ? 'denied' : 'pending';

/** The caller's error for a refused decision; params carry the reason code only. */
export function refusal(reason: ReasonCode): DomainError {
  if (reason.startsWith('JUSTIFICATION_')) return domainError('ACCESS.JUSTIFICATION_REFUSED', { reason });
  if (reason === 'REFERENCE_REQUIRED') return domainError('ACCESS.REFERENCE_REQUIRED', { reason });
  if (reason === 'SECOND_APPROVER_REQUIRED') return domainError('ACCESS.NEEDS_SECOND_APPROVER', { reason });
  if (reason === 'BREAK_GLASS_EXPIRED') return domainError('ACCESS.EXPIRED', { reason });
  if (reason.startsWith('PURPOSE_')) return domainError('ACCESS.PURPOSE_REFUSED', { reason });
  return domainError('ACCESS.DENIED', { reason });
}

/** Fields common to every entry a use case writes. */
export interface LogBase {
  readonly at: Date;
  readonly channel: Channel;
  readonly correlationId: string | null;
}

export function entry(
  base: LogBase,
  e: Pick<NewAccessLogEntry, 'actorId' | 'actorRole' | 'subjectId' | 'outcome' | 'reasonCode'> & {
    action: LogAction;
    fields?: readonly string[];
    purpose?: string | null;
    justification?: string | null;
  },
): NewAccessLogEntry {
  return {
    at: base.at,
    actorId: e.actorId,
    actorRole: e.actorRole,
    subjectId: e.subjectId,
    action: e.action,
    fields: [...(e.fields ?? [])],
    purpose: e.purpose ?? null,
    justification: e.justification ?? null,
    outcome: e.outcome,
    reasonCode: e.reasonCode,
    channel: base.channel,
    correlationId: base.correlationId,
  };
}

/** Everyone in the organisation holding `role`, paged through the port's search. */
export async function staffWithRole(employees: Employees, role: Role): Promise<Employee[]> {
  const out: Employee[] = [];
  let afterId: string | undefined;
  for (;;) {
    const page = await employees.search({ status: ['active', 'pending_departure'], limit: 200, ...(afterId ? { afterId } : {}) });
    out.push(...page.filter((e) => e.roles.includes(role)));
    const last = page[page.length - 1];
    if (page.length < 200 || !last) return out;
    afterId = last.id;
  }
}
