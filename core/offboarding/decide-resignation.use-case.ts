import type { Channel } from '../audit/access-log-entry.js';
import { NO_SEPARATION, hasRole } from '../records/employee.js';
import { retentionStatement } from '../retention/retention-statement.js';
import { domainError, type DomainError } from '../shared/domain-error.js';
import { err, ok, type Result } from '../shared/result.js';
import { decide, type Approver, type OffboardingCase } from './offboarding-case.js';
import { approvingHead, loadCaseForApprover, logEntry, type OffboardingDeps } from './offboarding-support.js';

export interface DecideResignationInput {
  readonly actorId: string;
  readonly caseId: string;
  readonly as: Approver;
  readonly approve: boolean;
  readonly channel: Channel;
}

/**
 * The department head's or HR's answer on the approval card. With both approvals in, the
 * employee is pending_departure and gets the offboarding card (handover, channel, relays,
 * and the retention statement generated from the catalog in force).
 */
export async function decideResignation(deps: OffboardingDeps, input: DecideResignationInput): Promise<Result<OffboardingCase, DomainError>> {
  return deps.tx.run(async (uow) => {
    const loaded = await loadCaseForApprover(uow, input.caseId, input.actorId);
    if (!loaded.ok) return loaded;
    const { cases, case: c, actor, subject } = loaded.value;
    const now = deps.clock.now();
    if (input.as === 'hr' && !hasRole(actor, 'hr_admin')) return err(domainError('ACCESS.DENIED', { reason: 'NOT_HR_ADMIN' }));
    if (input.as === 'dept_head') {
      const departments = new Map((await uow.departments.all()).map((d) => [d.id, d] as const));
      if (approvingHead(subject, departments) !== actor.id) return err(domainError('ACCESS.DENIED', { reason: 'NOT_AN_APPROVER' }));
    }
    const decided = decide(c, input.as, actor.id, now, input.approve);
    if (!decided.ok) return decided;
    const saved = await cases.save(decided.value);
    await uow.accessLog.append(
      logEntry(now, input.channel, actor, subject.id, 'offboarding', input.approve ? `RESIGNATION_APPROVED_${input.as.toUpperCase()}` : 'RESIGNATION_REJECTED'),
    );

    if (saved.status === 'rejected') {
      await uow.employees.save({ ...subject, separation: { ...NO_SEPARATION } });
      await uow.outbox.enqueue({
        recipient: { kind: 'employee', employeeId: subject.id },
        template: 'offboarding.rejected',
        params: {},
        dedupeKey: `offboarding:${saved.id}:rejected`,
      });
    }
    if (saved.status === 'pending_departure') {
      await uow.employees.save({ ...subject, status: 'pending_departure' });
      const catalog = await uow.catalog.current();
      const notice = uow.consents ? await uow.consents.currentNotice() : null;
      await uow.outbox.enqueue({
        recipient: { kind: 'employee', employeeId: subject.id },
        template: 'offboarding.card',
        params: { lastDay: saved.lastDay },
        card: {
          kind: 'offboarding',
          outTrackId: `offboarding-${saved.id}-card`,
          data: {
            caseId: saved.id,
            lastDay: saved.lastDay,
            noticeVersion: notice?.version ?? 0,
            // Structured lines (catalog labels and dates); the bot words them in the reader's language.
            statement: JSON.stringify(retentionStatement(catalog, saved.lastDay, subject.separation.finalPayDate)),
          },
        },
        dedupeKey: `offboarding:${saved.id}:card`,
      });
    }
    return ok(saved);
  });
}
