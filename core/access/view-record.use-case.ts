import type { Channel } from '../audit/access-log-entry.js';
import { isProtected, type LocalizedText, type Section, type Sensitivity } from '../records/field-catalog.js';
import type { Clock } from '../shared/clock.port.js';
import type { DomainError } from '../shared/domain-error.js';
import { err, ok, type Result } from '../shared/result.js';
import type { Transactor } from '../shared/unit-of-work.port.js';
import { entry, loadAccessContext, refusal, roleForLog, type LogBase } from './access-context.js';
import type { ReasonCode } from './decision.js';
import { maskValue, type MaskedValue } from './masking.js';
import { readFieldValues, type ValueState } from './read-field-values.js';
import { audiencesOf, isInOrganisation } from './relationship.js';

export interface ViewRecordDeps {
  readonly tx: Transactor;
  readonly clock: Clock;
}

export interface ViewRecordInput {
  readonly actorId: string;
  readonly subjectId: string;
  /** Only these fields (minimisation); all the caller may see when omitted. */
  readonly fields?: readonly string[];
  readonly channel: Channel;
  readonly correlationId?: string | null;
}

export interface ViewedField {
  readonly field: string;
  readonly section: Section;
  readonly sensitivity: Sensitivity;
  readonly label: LocalizedText;
  /** True for personal/sensitive fields: the value is a mask, and a reveal is needed to see it. */
  readonly masked: boolean;
  readonly state: ValueState;
  readonly value: MaskedValue | null;
}

export interface ViewRecordOutput {
  readonly subjectId: string;
  readonly catalogVersion: number;
  readonly fields: readonly ViewedField[];
}

/**
 * What the caller sees of one employee without a purpose: the fields their relationship
 * allows, public/internal ones as they are, personal/sensitive ones masked. The plaintext is
 * read only to build the mask and never leaves this function.
 */
export async function viewRecord(deps: ViewRecordDeps, input: ViewRecordInput): Promise<Result<ViewRecordOutput, DomainError>> {
  return deps.tx.run(async (uow) => {
    const now = deps.clock.now();
    const log: LogBase = { at: now, channel: input.channel, correlationId: input.correlationId ?? null };
    const ctx = await loadAccessContext(uow, input.actorId, input.subjectId);
    const actorRole = roleForLog(ctx.actor);
    const refuse = async (logReason: ReasonCode, callerReason: ReasonCode = logReason) => {
      const who = { actorId: input.actorId, actorRole, subjectId: input.subjectId, fields: input.fields ?? [] };
      await uow.accessLog.append(entry(log, { ...who, action: 'view', outcome: 'denied', reasonCode: logReason }));
      return err(refusal(callerReason));
    };
    if (!ctx.actor) return refuse('ACTOR_UNKNOWN');
    if (!isInOrganisation(ctx.actor)) return refuse('ACTOR_INACTIVE');
    if (ctx.actor.roles.length === 0) return refuse('NO_ROLE');
    // A missing id answers exactly like one the caller may not see.
    if (!ctx.subject) return refuse('SUBJECT_NOT_FOUND', 'NOT_VISIBLE_TO_RELATIONSHIP');
    const audiences = audiencesOf(ctx.actor, ctx.subject, ctx.departments);
    const wanted = input.fields ? new Set(input.fields) : null;
    const visible = ctx.catalog.fields.filter((f) => f.visibleTo.some((a) => audiences.has(a)) && (!wanted || wanted.has(f.key)));
    if (audiences.size === 0 || visible.length === 0) return refuse('NOT_VISIBLE_TO_RELATIONSHIP');
    if (ctx.subject.anonymisedAt !== null) return refuse('SUBJECT_ANONYMISED');

    const reads = await readFieldValues(uow, ctx.subject, visible, ctx.departments);
    const fields = reads.map((r): ViewedField => {
      const masked = isProtected(r);
      const value = r.value === null ? null : masked ? maskValue({ key: r.field }, r.value) : (r.value as MaskedValue);
      return { field: r.field, section: r.section, sensitivity: r.sensitivity, label: r.label, masked, state: r.state, value };
    });
    await uow.accessLog.append(
      entry(log, { actorId: ctx.actor.id, actorRole, subjectId: ctx.subject.id, action: 'view', fields: visible.map((f) => f.key), outcome: 'allowed', reasonCode: 'ALLOWED' }),
    );
    return ok({ subjectId: ctx.subject.id, catalogVersion: ctx.catalog.version, fields });
  });
}
