import type { Channel } from '../audit/access-log-entry.js';
import { hasRole } from '../records/employee.js';
import type { Clock } from '../shared/clock.port.js';
import { domainError, type DomainError } from '../shared/domain-error.js';
import { err, ok, type Result } from '../shared/result.js';
import type { Transactor } from '../shared/unit-of-work.port.js';
import type { PendingApproval } from './access.ports.js';
import { entry, refusal, type LogBase } from './access-context.js';
import type { ReasonCode } from './decision.js';
import { isInOrganisation } from './relationship.js';

export interface DecideApprovalDeps {
  readonly tx: Transactor;
  readonly clock: Clock;
}

export interface DecideApprovalInput {
  readonly actorId: string;
  readonly approvalId: string;
  readonly approve: boolean;
  readonly channel: Channel;
  readonly correlationId?: string | null;
}

/** A second HR admin — never the requester — approves or rejects a pending four-eyes request. */
export async function decideApproval(
  deps: DecideApprovalDeps,
  input: DecideApprovalInput,
): Promise<Result<{ status: PendingApproval['status'] }, DomainError>> {
  return deps.tx.run(async (uow) => {
    const now = deps.clock.now();
    const log: LogBase = { at: now, channel: input.channel, correlationId: input.correlationId ?? null };
    const approver = await uow.employees.get(input.actorId);
    const approval = await uow.grants.getApproval(input.approvalId);
    const what = approval ? { subjectId: approval.subjectId, fields: approval.fields, purpose: approval.purpose } : { subjectId: null };
    const record = (outcome: 'allowed' | 'denied', reasonCode: ReasonCode) =>
      uow.accessLog.append(entry(log, { ...what, actorId: input.actorId, actorRole: approver && hasRole(approver, 'hr_admin') ? 'hr_admin' : null, action: 'approval', outcome, reasonCode }));

    if (!approver || !isInOrganisation(approver) || !hasRole(approver, 'hr_admin')) {
      await record('denied', 'APPROVER_NOT_HR_ADMIN');
      return err(refusal('APPROVER_NOT_HR_ADMIN'));
    }
    if (!approval) {
      await record('denied', 'APPROVAL_NOT_FOUND');
      return err(refusal('APPROVAL_NOT_FOUND'));
    }
    if (approval.requesterId === approver.id) {
      await record('denied', 'SECOND_APPROVER_SAME_PERSON');
      return err(refusal('SECOND_APPROVER_SAME_PERSON'));
    }
    if (approval.status !== 'pending') return err(domainError('RECORD.CONFLICT', { reason: 'APPROVAL_NOT_PENDING' }));

    const status = input.approve ? 'approved' : 'rejected';
    await uow.grants.saveApproval({ ...approval, status, decidedBy: approver.id, decidedAt: now });
    await record(input.approve ? 'allowed' : 'denied', input.approve ? 'ALLOWED_SECOND_APPROVER' : 'APPROVAL_REJECTED');
    await uow.outbox.enqueue({
      recipient: { kind: 'employee', employeeId: approval.requesterId },
      template: 'access.approval_decided',
      params: { approvalId: approval.id, approved: input.approve, subjectId: approval.subjectId },
      dedupeKey: `approval-decided:${approval.id}`,
    });
    return ok({ status });
  });
}
