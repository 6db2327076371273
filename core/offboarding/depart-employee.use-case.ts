import type { Channel } from '../audit/access-log-entry.js';
import { isInOrganisation } from '../access/relationship.js';
import { hasRole, type Employee } from '../records/employee.js';
import { domainError, type DomainError } from '../shared/domain-error.js';
import { err, ok, type Result } from '../shared/result.js';
import { required, type UnitOfWork } from '../shared/unit-of-work.port.js';
import { depart, type DepartureTrigger } from './offboarding-case.js';
import { localDate, logEntry, type OffboardingDeps } from './offboarding-support.js';

/**
 * Moves one person to `departed` (the former-employee library): retention timers start now.
 * Without a case (the messenger said they left, nobody filed) the last day is today; a planned
 * last day still in the future is brought forward to today.
 */
async function departOne(
  uow: UnitOfWork,
  deps: OffboardingDeps,
  subject: Employee,
  trigger: DepartureTrigger,
  actor: Employee | null,
  channel: Channel,
): Promise<Result<Employee, DomainError>> {
  const cases = required(uow.offboarding, 'offboarding');
  const now = deps.clock.now();
  const today = localDate(now, deps.timezone);
  const open = await cases.openFor(subject.id);
  if (open) {
    const next = depart(open, now, trigger);
    if (!next.ok) return next;
    await cases.save(next.value);
  }
  // Leaving before the planned day (HR, or the account was removed) makes today the last day;
  // otherwise retention would count from a date that never came.
  const planned = subject.separation.lastDay;
  const lastDay = planned && planned < today ? planned : today;
  const saved = await uow.employees.save({
    ...subject,
    status: 'departed',
    separation: {
      ...subject.separation,
      lastDay,
      departedAt: now.toISOString(),
      // Final pay falls on the last day unless HR records another date.
      finalPayDate: subject.separation.finalPayDate ?? lastDay,
    },
  });
  await uow.accessLog.append(logEntry(now, channel, actor, subject.id, 'offboarding', `DEPARTED_BY_${trigger.toUpperCase()}`, ['status', 'last_day']));
  return ok(saved);
}

export interface DepartEmployeeInput {
  readonly actorId: string;
  readonly employeeId: string;
  readonly channel: Channel;
}

/** HR records the departure now (early leave, or confirming it before the schedule does). */
export async function departEmployee(deps: OffboardingDeps, input: DepartEmployeeInput): Promise<Result<Employee, DomainError>> {
  return deps.tx.run(async (uow) => {
    const actor = await uow.employees.get(input.actorId);
    if (!actor || !isInOrganisation(actor) || !hasRole(actor, 'hr_admin')) return err(domainError('ACCESS.DENIED', { reason: 'NOT_HR_ADMIN' }));
    const subject = await uow.employees.get(input.employeeId);
    if (!subject) return err(domainError('OFFBOARDING.NOT_FOUND', { kind: 'employee' }));
    if (subject.status === 'departed') return err(domainError('OFFBOARDING.INVALID_STATE', { status: 'departed', action: 'depart' }));
    if (subject.id === actor.id) return err(domainError('ACCESS.DENIED', { reason: 'OWN_RECORD' }));
    return departOne(uow, deps, subject, 'hr', actor, input.channel);
  });
}

/**
 * The daily job (node-cron in BOUNDARY_TIMEZONE): everyone approved whose last day has come.
 * Idempotent; one transaction per person so one bad record does not hold up the rest.
 */
export async function departDue(deps: OffboardingDeps, limit = 500): Promise<{ departed: string[]; failed: string[] }> {
  const today = localDate(deps.clock.now(), deps.timezone);
  const due = await deps.tx.run(async (uow) => required(uow.offboarding, 'offboarding').dueForDeparture(today, limit));
  const departed: string[] = [];
  const failed: string[] = [];
  for (const c of due) {
    const r = await deps.tx.run(async (uow) => {
      const subject = await uow.employees.get(c.employeeId);
      if (!subject || subject.status === 'departed') return err(domainError('OFFBOARDING.INVALID_STATE', { status: 'departed', action: 'depart' }));
      return departOne(uow, deps, subject, 'schedule', null, 'system');
    });
    (r.ok ? departed : failed).push(c.employeeId);
  }
  return { departed, failed };
}

/** The messenger's user_leave_org event: the account is gone, so the person has left. */
export async function departByMessengerEvent(deps: OffboardingDeps, messengerUserIds: readonly string[]): Promise<{ departed: string[] }> {
  const departed: string[] = [];
  for (const userId of messengerUserIds) {
    const r = await deps.tx.run(async (uow) => {
      const subject = await uow.employees.getByDingtalkUserId(userId);
      // Unknown or already departed: nothing to do (events are redelivered; this stays idempotent).
      if (!subject || subject.status === 'departed') return null;
      return departOne(uow, deps, subject, 'messenger_event', null, 'system');
    });
    if (r?.ok) departed.push(r.value.id);
  }
  return { departed };
}

