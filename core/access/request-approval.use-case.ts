import type { Channel } from '../audit/access-log-entry.js';
import type { Clock } from '../shared/clock.port.js';
import { domainError, type DomainError } from '../shared/domain-error.js';
import type { IdGenerator } from '../shared/ids.port.js';
import { err, ok, type Result } from '../shared/result.js';
import type { Transactor } from '../shared/unit-of-work.port.js';
import type { PendingApproval } from './access.ports.js';
import { entry, loadAccessContext, logOutcome, refusal, roleForLog, staffWithRole, type LogBase } from './access-context.js';
import { judgeRequest } from './judge-request.js';

export interface RequestApprovalDeps {
  readonly tx: Transactor;
  readonly clock: Clock;
  readonly ids: IdGenerator;
}

export interface RequestApprovalInput {
  readonly actorId: string;
  readonly subjectId: string;
  readonly fields: readonly string[];
  /** A purpose that needs a second approver (legal_obligation by default). */
  readonly purpose?: string;
  readonly justification: string;
  readonly reference: string;
  readonly channel: Channel;
  readonly correlationId?: string | null;
}

/**
 * Files a four-eyes request: the reveal is decided now, and if the only thing missing is a
 * second HR admin, a pending approval is stored and the other HR admins are asked.
 */
export async function requestApproval(
  deps: RequestApprovalDeps,
  input: RequestApprovalInput,
): Promise<Result<{ approvalId: string }, DomainError>> {
  const purpose = input.purpose ?? 'legal_obligation';
  return deps.tx.run(async (uow) => {
    const now = deps.clock.now();
    const log: LogBase = { at: now, channel: input.channel, correlationId: input.correlationId ?? null };
    const ctx = await loadAccessContext(uow, input.actorId, input.subjectId);
    const base = { subjectId: input.subjectId, fields: input.fields, purpose, justification: input.justification };
    if (!ctx.actor) {
      await uow.accessLog.append(entry(log, { ...base, action: 'approval', actorId: input.actorId, actorRole: null, outcome: 'denied', reasonCode: 'ACTOR_UNKNOWN' }));
      return err(refusal('ACTOR_UNKNOWN'));
    }
    const actor = ctx.actor;
    const j = judgeRequest(ctx, actor, { ...input, purpose, approvedBy: null }, now);
    const who = { actorId: actor.id, actorRole: roleForLog(actor, j.actorRoleForLog) };
    if (j.decision.outcome === 'allow') {
      await uow.accessLog.append(entry(log, { ...base, ...who, action: 'approval', outcome: 'denied', reasonCode: 'APPROVAL_NOT_NEEDED' }));
      return err(domainError('INPUT.INVALID', { reason: 'APPROVAL_NOT_NEEDED' }));
    }
    await uow.accessLog.append(entry(log, { ...base, ...who, action: 'approval', outcome: logOutcome(j.decision), reasonCode: j.logReason }));
    if (j.decision.outcome !== 'needs_second_approver') return err(refusal(j.callerReason));

    const approval: PendingApproval = {
      id: deps.ids.next(),
      requesterId: actor.id,
      subjectId: input.subjectId,
      fields: [...input.fields],
      purpose,
      justification: input.justification,
      reference: input.reference,
      createdAt: now,
      status: 'pending',
      decidedBy: null,
      decidedAt: null,
    };
    await uow.grants.saveApproval(approval);
    for (const hr of (await staffWithRole(uow.employees, 'hr_admin')).filter((e) => e.id !== actor.id)) {
      await uow.outbox.enqueue({
        recipient: { kind: 'employee', employeeId: hr.id },
        template: 'access.approval_requested',
        params: { approvalId: approval.id, requesterId: actor.id, subjectId: input.subjectId, fields: input.fields.join(','), purpose, reference: input.reference },
        dedupeKey: `approval-requested:${approval.id}:${hr.id}`,
      });
    }
    return ok({ approvalId: approval.id });
  });
}
