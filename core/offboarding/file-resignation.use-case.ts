import { staffWithRole } from '../access/access-context.js';
import { isInOrganisation } from '../access/relationship.js';
import type { Channel } from '../audit/access-log-entry.js';
import { SEPARATION_REASONS, hasRole, type SeparationReason } from '../records/employee.js';
import { domainError, type DomainError } from '../shared/domain-error.js';
import { err, ok, type Result } from '../shared/result.js';
import { required } from '../shared/unit-of-work.port.js';
import { openCase, type OffboardingCase } from './offboarding-case.js';
import { approvingHead, isIsoDate, localDate, logEntry, type OffboardingDeps } from './offboarding-support.js';

export interface FileResignationInput {
  readonly actorId: string;
  /** The person leaving; the actor themself unless HR files on their behalf. */
  readonly employeeId: string;
  readonly lastDay: string;
  readonly reasonCategory: string;
  readonly channel: Channel;
}

const isReason = (s: string): s is SeparationReason => (SEPARATION_REASONS as readonly string[]).includes(s);

/**
 * A resignation, by the employee (chat card or mini-app) or filed by HR. Opens the case, notes
 * the dates on the record and asks the department head and HR to confirm, by card.
 */
export async function fileResignation(deps: OffboardingDeps, input: FileResignationInput): Promise<Result<OffboardingCase, DomainError>> {
  const reason = input.reasonCategory;
  if (!isReason(reason)) return err(domainError('INPUT.INVALID', { field: 'reasonCategory' }));
  if (!isIsoDate(input.lastDay)) return err(domainError('INPUT.INVALID', { field: 'lastDay' }));
  return deps.tx.run(async (uow) => {
    const cases = required(uow.offboarding, 'offboarding');
    const now = deps.clock.now();
    const today = localDate(now, deps.timezone);
    if (input.lastDay < today) return err(domainError('INPUT.INVALID', { field: 'lastDay', reason: 'IN_THE_PAST' }));
    const actor = await uow.employees.get(input.actorId);
    if (!actor || !isInOrganisation(actor)) return err(domainError('ACCESS.DENIED', { reason: 'ACTOR_UNKNOWN' }));
    const onBehalf = input.employeeId !== actor.id;
    if (onBehalf && !hasRole(actor, 'hr_admin')) return err(domainError('ACCESS.DENIED', { reason: 'NOT_HR_ADMIN' }));
    const subject = onBehalf ? await uow.employees.get(input.employeeId) : actor;
    if (!subject) return err(domainError('OFFBOARDING.NOT_FOUND', { kind: 'employee' }));
    if (subject.status !== 'active') return err(domainError('OFFBOARDING.INVALID_STATE', { status: subject.status, action: 'file' }));
    // Idempotent for a repeated press of the same card: the open case is the answer.
    const open = await cases.openFor(subject.id);
    if (open) return open.lastDay === input.lastDay && open.reasonCategory === input.reasonCategory ? ok(open) : err(domainError('OFFBOARDING.INVALID_STATE', { status: open.status, action: 'file' }));

    const departments = new Map((await uow.departments.all()).map((d) => [d.id, d] as const));
    const head = approvingHead(subject, departments);
    const created = await cases.save(
      openCase({ id: deps.ids.next(), employeeId: subject.id, filedBy: actor.id, at: now, lastDay: input.lastDay, reasonCategory: reason, deptHeadRequired: head !== null }),
    );
    await uow.employees.save({
      ...subject,
      separation: { ...subject.separation, resignationDate: today, lastDay: input.lastDay, reasonCategory: reason },
    });
    await uow.accessLog.append(logEntry(now, input.channel, actor, subject.id, 'offboarding', onBehalf ? 'RESIGNATION_FILED_BY_HR' : 'RESIGNATION_FILED', ['resignation_date', 'last_day', 'reason_category']));

    const approvers: { id: string; as: 'dept_head' | 'hr' }[] = [];
    if (head) approvers.push({ id: head, as: 'dept_head' });
    for (const hr of await staffWithRole(uow.employees, 'hr_admin')) if (hr.id !== subject.id) approvers.push({ id: hr.id, as: 'hr' });
    for (const a of approvers) {
      await uow.outbox.enqueue({
        recipient: { kind: 'employee', employeeId: a.id },
        template: 'offboarding.approval',
        params: { employeeName: subject.name, lastDay: input.lastDay },
        card: {
          kind: 'resignation_approval',
          outTrackId: `offboarding-${created.id}-${a.as}-${a.id}`,
          data: { caseId: created.id, as: a.as, employeeName: subject.name, lastDay: input.lastDay, reason: input.reasonCategory },
        },
        dedupeKey: `offboarding:${created.id}:approve:${a.id}`,
      });
    }
    if (onBehalf) {
      await uow.outbox.enqueue({
        recipient: { kind: 'employee', employeeId: subject.id },
        template: 'offboarding.filed_by_hr',
        params: { lastDay: input.lastDay },
        dedupeKey: `offboarding:${created.id}:filed`,
      });
    }
    return ok(created);
  });
}
