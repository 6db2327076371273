import type { Employee } from '../records/employee.js';
import { purposeByCode } from '../records/field-catalog.js';
import type { Role } from '../records/roles.js';
import { decide } from './access-policy.js';
import { strangerStandIn, type AccessContext } from './access-context.js';
import type { AccessDecision, ReasonCode } from './decision.js';

export interface RequestTerms {
  readonly subjectId: string;
  readonly fields: readonly string[];
  readonly purpose: string;
  readonly justification: string;
  readonly reference?: string | null;
  readonly approvedBy?: Employee | null;
}

export interface Judgement {
  readonly decision: AccessDecision;
  /** What the log records (the truth, e.g. SUBJECT_NOT_FOUND). */
  readonly logReason: ReasonCode;
  /** What the caller is told; identical for a forbidden and a non-existent subject. */
  readonly callerReason: ReasonCode;
  /** Set only when the decision allows and the subject exists. */
  readonly subject: Employee | null;
  readonly actorRoleForLog: readonly Role[];
}

/**
 * Runs decide() for a use case. An unknown subject id is judged as a stranger would be; the
 * log notes SUBJECT_NOT_FOUND while the caller hears what a forbidden id would have produced.
 */
export function judgeRequest(ctx: AccessContext, actor: Employee, terms: RequestTerms, now: Date): Judgement {
  const purposeRoles = purposeByCode(ctx.catalog, terms.purpose)?.roles ?? [];
  const decision = decide({
    actor,
    subject: ctx.subject ?? strangerStandIn(terms.subjectId),
    fields: terms.fields,
    purpose: terms.purpose,
    justification: terms.justification,
    reference: terms.reference ?? null,
    approvedBy: terms.approvedBy ?? null,
    catalog: ctx.catalog,
    departments: ctx.departments,
    consents: ctx.consents,
    now,
  });
  if (ctx.subject) {
    return { decision, logReason: decision.reason, callerReason: decision.reason, subject: ctx.subject, actorRoleForLog: purposeRoles };
  }
  const callerReason: ReasonCode = decision.outcome === 'deny' ? decision.reason : 'NOT_VISIBLE_TO_RELATIONSHIP';
  const refused: AccessDecision = { ...decision, outcome: 'deny', reason: 'SUBJECT_NOT_FOUND', expiresAt: null, breakGlass: false };
  return { decision: refused, logReason: 'SUBJECT_NOT_FOUND', callerReason, subject: null, actorRoleForLog: purposeRoles };
}
