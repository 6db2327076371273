import type { Channel } from '../audit/access-log-entry.js';
import type { Employee } from '../records/employee.js';
import { fieldByKey } from '../records/field-catalog.js';
import type { Clock } from '../shared/clock.port.js';
import { domainError, type DomainError } from '../shared/domain-error.js';
import type { IdGenerator } from '../shared/ids.port.js';
import { err, ok, type Result } from '../shared/result.js';
import type { Transactor, UnitOfWork } from '../shared/unit-of-work.port.js';
import { entry, loadAccessContext, logOutcome, refusal, roleForLog, type LogBase } from './access-context.js';
import { openBreakGlass } from './break-glass.js';
import { judgeRequest } from './judge-request.js';
import { readFieldValues, type FieldRead } from './read-field-values.js';

export interface RevealFieldsDeps {
  readonly tx: Transactor;
  readonly clock: Clock;
  readonly ids: IdGenerator;
}

export interface RevealFieldsInput {
  readonly actorId: string;
  readonly subjectId: string;
  readonly fields: readonly string[];
  readonly purpose: string;
  readonly justification: string;
  readonly reference?: string | null;
  /** A legal_obligation reveal names the approval a second HR admin gave. */
  readonly approvalId?: string | null;
  readonly channel: Channel;
  readonly correlationId?: string | null;
}

export interface RevealFieldsOutput {
  readonly subjectId: string;
  /** Each with both locales' label and usage note, shown with the value. */
  readonly values: readonly FieldRead[];
  /** When the values must be hidden again (the break-glass expiry for an emergency). */
  readonly expiresAt: Date;
  readonly breakGlass: boolean;
  readonly grantId: string | null;
}

const MAX_FIELDS = 50;
const MAX_TEXT = 1000;

/** The approver of a matching, approved, unused approval — else null (the reveal then needs one). */
async function approverFor(uow: UnitOfWork, input: RevealFieldsInput, actor: Employee): Promise<Employee | null> {
  if (!input.approvalId) return null;
  const a = await uow.grants.getApproval(input.approvalId);
  const matches =
    a !== null &&
    a.status === 'approved' &&
    a.decidedBy !== null &&
    a.requesterId === actor.id &&
    a.subjectId === input.subjectId &&
    a.purpose === input.purpose &&
    a.reference === (input.reference ?? '') &&
    input.fields.every((f) => a.fields.includes(f));
  return matches && a.decidedBy ? uow.employees.get(a.decidedBy) : null;
}

/**
 * An explicit, purpose-checked reveal of named fields of one employee. Every decision, allowed
 * or refused, is logged in the same transaction; values are read only after an allow, and
 * never written to the log or to any message.
 */
export async function revealFields(deps: RevealFieldsDeps, input: RevealFieldsInput): Promise<Result<RevealFieldsOutput, DomainError>> {
  if (input.fields.length > MAX_FIELDS || input.justification.length > MAX_TEXT || (input.reference?.length ?? 0) > MAX_TEXT) {
    return err(domainError('INPUT.INVALID', { reason: 'TOO_LONG' }));
  }
  return deps.tx.run(async (uow) => {
    const now = deps.clock.now();
    const log: LogBase = { at: now, channel: input.channel, correlationId: input.correlationId ?? null };
    const ctx = await loadAccessContext(uow, input.actorId, input.subjectId);
    const base = { subjectId: input.subjectId, fields: input.fields, purpose: input.purpose, justification: input.justification };
    if (!ctx.actor) {
      await uow.accessLog.append(entry(log, { ...base, action: 'reveal', actorId: input.actorId, actorRole: null, outcome: 'denied', reasonCode: 'ACTOR_UNKNOWN' }));
      return err(refusal('ACTOR_UNKNOWN'));
    }
    const actor = ctx.actor;
    const approvedBy = await approverFor(uow, input, actor);
    const j = judgeRequest(ctx, actor, { ...input, approvedBy }, now);
    const actorRole = roleForLog(actor, j.actorRoleForLog);
    const who = { actorId: actor.id, actorRole };
    await uow.accessLog.append(entry(log, { ...base, ...who, action: 'reveal', outcome: logOutcome(j.decision), reasonCode: j.logReason }));
    if (j.decision.outcome !== 'allow' || !j.subject) return err(refusal(j.callerReason));

    const subject = j.subject;
    const definitions = input.fields.map((key) => {
      const def = fieldByKey(ctx.catalog, key);
      if (!def) throw new Error(`decided field missing from catalog: ${key}`);
      return def;
    });
    const values = await readFieldValues(uow, subject, definitions, ctx.departments);
    const tampered = values.filter((v) => v.state === 'tampered').map((v) => v.field);
    if (tampered.length) {
      await uow.accessLog.append(entry(log, { ...who, subjectId: subject.id, action: 'security', fields: tampered, outcome: 'recorded', reasonCode: 'VAULT_TAMPERED' }));
    }

    let grantId: string | null = null;
    let expiresAt = new Date(now.getTime() + ctx.catalog.revealDisplaySeconds * 1000);
    if (j.decision.breakGlass && j.decision.expiresAt) {
      const grant = await openBreakGlass(uow, deps.ids, log, {
        actor,
        subject,
        fields: input.fields,
        purpose: input.purpose,
        justification: input.justification,
        expiresAt: j.decision.expiresAt,
        catalog: ctx.catalog,
        actorRole,
      });
      grantId = grant.id;
      expiresAt = grant.expiresAt;
    }
    if (j.decision.reason === 'ALLOWED_SECOND_APPROVER' && input.approvalId) {
      // Four eyes approve one reveal, not a standing permission.
      const approval = await uow.grants.getApproval(input.approvalId);
      if (approval) await uow.grants.saveApproval({ ...approval, status: 'used' });
    }
    return ok({ subjectId: subject.id, values, expiresAt, breakGlass: j.decision.breakGlass, grantId });
  });
}
