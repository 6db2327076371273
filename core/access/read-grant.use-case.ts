import type { Channel } from '../audit/access-log-entry.js';
import type { Clock } from '../shared/clock.port.js';
import type { DomainError } from '../shared/domain-error.js';
import { err, ok, type Result } from '../shared/result.js';
import type { Transactor } from '../shared/unit-of-work.port.js';
import { checkStanding } from './access-policy.js';
import { entry, loadAccessContext, refusal, roleForLog, type LogBase } from './access-context.js';
import type { ReasonCode } from './decision.js';
import { purposeByCode } from '../records/field-catalog.js';
import { readFieldValues, type FieldRead } from './read-field-values.js';

export interface ReadGrantDeps {
  readonly tx: Transactor;
  readonly clock: Clock;
}

export interface ReadGrantInput {
  readonly actorId: string;
  readonly grantId: string;
  readonly channel: Channel;
  readonly correlationId?: string | null;
}

export interface ReadGrantOutput {
  readonly subjectId: string;
  readonly values: readonly FieldRead[];
  readonly expiresAt: Date;
  readonly grantId: string;
}

/**
 * Re-reads the values a break-glass grant opened, while it lasts. Each read is re-checked
 * against the records as they are now (a demoted actor loses the grant at once) and logged;
 * from the expiry instant on it is refused.
 */
export async function readGrant(deps: ReadGrantDeps, input: ReadGrantInput): Promise<Result<ReadGrantOutput, DomainError>> {
  return deps.tx.run(async (uow) => {
    const now = deps.clock.now();
    const log: LogBase = { at: now, channel: input.channel, correlationId: input.correlationId ?? null };
    const grant = await uow.grants.getGrant(input.grantId);
    // Someone else's grant reads exactly like a missing one.
    if (!grant || grant.actorId !== input.actorId) {
      await uow.accessLog.append(
        entry(log, { actorId: input.actorId, actorRole: null, subjectId: null, action: 'reveal', outcome: 'denied', reasonCode: 'GRANT_NOT_FOUND' }),
      );
      return err(refusal('GRANT_NOT_FOUND'));
    }
    const ctx = await loadAccessContext(uow, grant.actorId, grant.subjectId);
    const purpose = purposeByCode(ctx.catalog, grant.purpose);
    const actorRole = roleForLog(ctx.actor, purpose?.roles ?? []);
    const refuse = async (reason: ReasonCode) => {
      const what = { actorId: grant.actorId, actorRole, subjectId: grant.subjectId, fields: grant.fields, purpose: grant.purpose };
      await uow.accessLog.append(entry(log, { ...what, action: 'reveal', outcome: 'denied', reasonCode: reason }));
      return err(refusal(reason));
    };
    if (now.getTime() >= grant.expiresAt.getTime()) return refuse('BREAK_GLASS_EXPIRED');
    if (!ctx.actor) return refuse('ACTOR_UNKNOWN');
    if (!ctx.subject) return refuse('SUBJECT_NOT_FOUND');
    let reason: ReasonCode | null;
    try {
      const standing = checkStanding({ ...ctx, actor: ctx.actor, subject: ctx.subject, fields: grant.fields, purpose: grant.purpose });
      reason = standing.ok ? (standing.purpose.breakGlassMinutes === null ? 'PURPOSE_DOES_NOT_OPEN_FIELD' : null) : standing.reason;
    } catch {
      reason = 'POLICY_ERROR';
    }
    if (reason) return refuse(reason);

    const definitions = ctx.catalog.fields.filter((f) => grant.fields.includes(f.key));
    const values = await readFieldValues(uow, ctx.subject, definitions, ctx.departments);
    await uow.accessLog.append(
      entry(log, { actorId: grant.actorId, actorRole, subjectId: grant.subjectId, action: 'reveal', fields: grant.fields, purpose: grant.purpose, outcome: 'allowed', reasonCode: 'ALLOWED_BREAK_GLASS' }),
    );
    return ok({ subjectId: grant.subjectId, values, expiresAt: grant.expiresAt, grantId: grant.id });
  });
}
