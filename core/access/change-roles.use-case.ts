import type { Channel } from '../audit/access-log-entry.js';
import type { Employee } from '../records/employee.js';
import { hasRole } from '../records/employee.js';
import { ROLES, isRole, type Role } from '../records/roles.js';
import type { Clock } from '../shared/clock.port.js';
import { domainError, type DomainError } from '../shared/domain-error.js';
import { err, ok, type Result } from '../shared/result.js';
import type { Transactor } from '../shared/unit-of-work.port.js';
import { entry, refusal, staffWithRole, type LogBase } from './access-context.js';
import { isInOrganisation } from './relationship.js';

export interface ChangeRolesDeps {
  readonly tx: Transactor;
  readonly clock: Clock;
}

export interface ChangeRolesInput {
  readonly actorId: string;
  readonly employeeId: string;
  readonly roles: readonly string[];
  readonly channel: Channel;
  readonly correlationId?: string | null;
}

/**
 * HR admins set an employee's roles. Decisions read roles fresh on every request, so the
 * change applies to the very next one. The last HR admin cannot remove that role (lock-out).
 */
export async function changeRoles(deps: ChangeRolesDeps, input: ChangeRolesInput): Promise<Result<Employee, DomainError>> {
  const unknown = input.roles.filter((r) => !isRole(r));
  if (unknown.length) return err(domainError('INPUT.INVALID', { reason: 'UNKNOWN_ROLE', roles: unknown.join(',') }));
  // Stored in the canonical order, without repeats.
  const roles: Role[] = ROLES.filter((r) => input.roles.includes(r));
  return deps.tx.run(async (uow) => {
    const now = deps.clock.now();
    const log: LogBase = { at: now, channel: input.channel, correlationId: input.correlationId ?? null };
    const actor = await uow.employees.get(input.actorId);
    const isHr = actor !== null && isInOrganisation(actor) && hasRole(actor, 'hr_admin');
    const record = (outcome: 'allowed' | 'denied', reasonCode: string, justification: string | null = null) =>
      uow.accessLog.append(
        entry(log, { actorId: input.actorId, actorRole: isHr ? 'hr_admin' : null, subjectId: input.employeeId, action: 'roles.edit', fields: ['roles'], justification, outcome, reasonCode }),
      );
    if (!isHr) {
      await record('denied', 'NOT_HR_ADMIN');
      return err(refusal('NOT_HR_ADMIN'));
    }
    const target = await uow.employees.get(input.employeeId);
    if (!target) return err(domainError('RECORD.NOT_FOUND', { reason: 'EMPLOYEE_NOT_FOUND' }));
    if (hasRole(target, 'hr_admin') && !roles.includes('hr_admin')) {
      const admins = await staffWithRole(uow.employees, 'hr_admin');
      if (admins.every((a) => a.id === target.id)) {
        await record('denied', 'LAST_HR_ADMIN');
        return err(domainError('RECORD.CONFLICT', { reason: 'LAST_HR_ADMIN' }));
      }
    }
    const saved = await uow.employees.save({ ...target, roles });
    // The log keeps what changed (role names only): before -> after.
    await record('allowed', 'ALLOWED', `${target.roles.join(',')} -> ${roles.join(',')}`);
    return ok(saved);
  });
}
