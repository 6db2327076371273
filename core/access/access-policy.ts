import { MINUTE_MS } from '../shared/clock.port.js';
import { hasRole } from '../records/employee.js';
import type { FieldDefinition, PurposeDefinition } from '../records/field-catalog.js';
import { fieldByKey, isProtected, purposeByCode } from '../records/field-catalog.js';
import type { AccessDecision, AccessRequest, ReasonCode } from './decision.js';
import { classifyJustification } from './justification-classifier.js';
import type { RefusalCategory } from './justification-classifier.js';
import { audiencesOf, isInOrganisation } from './relationship.js';

const JUSTIFICATION_REASON: Record<RefusalCategory, ReasonCode> = {
  missing: 'JUSTIFICATION_MISSING',
  debt_collection: 'JUSTIFICATION_DEBT_COLLECTION',
  private_dispute: 'JUSTIFICATION_PRIVATE_DISPUTE',
  marketing: 'JUSTIFICATION_MARKETING',
  curiosity: 'JUSTIFICATION_CURIOSITY',
};

const MIN_REFERENCE_CHARS = 3;

const deny = (fields: readonly string[], reason: ReasonCode): AccessDecision => ({
  outcome: 'deny',
  reason,
  fields: [...fields],
  expiresAt: null,
  breakGlass: false,
});

/** The request's standing, before anything the requester typed is looked at. */
export type Standing =
  | { readonly ok: false; readonly reason: ReasonCode }
  | { readonly ok: true; readonly purpose: PurposeDefinition; readonly definitions: readonly FieldDefinition[] };

/**
 * Who may open what for which purpose: actor, subject, fields, purpose, role and relationship.
 * Also used to re-check a break-glass grant on every read, so a demotion ends it at once.
 */
export function checkStanding(request: Omit<AccessRequest, 'justification' | 'reference' | 'approvedBy' | 'now'>): Standing {
  const { actor, subject, catalog } = request;
  const no = (reason: ReasonCode): Standing => ({ ok: false, reason });
  // Departed staff keep no rights, whatever roles their record still lists.
  if (!isInOrganisation(actor)) return no('ACTOR_INACTIVE');
  if (actor.roles.length === 0) return no('NO_ROLE');
  if (subject.anonymisedAt !== null) return no('SUBJECT_ANONYMISED');
  if (request.fields.length === 0) return no('UNKNOWN_FIELD');
  const definitions: FieldDefinition[] = [];
  for (const key of request.fields) {
    const def = fieldByKey(catalog, key);
    if (!def) return no('UNKNOWN_FIELD');
    definitions.push(def);
  }
  const purpose = purposeByCode(catalog, request.purpose);
  if (!purpose) return no('UNKNOWN_PURPOSE');
  if (purpose.neverValid) return no('PURPOSE_NEVER_VALID');
  // Consent as the legal basis: withdrawn (or never given) means refused, from the very next decision.
  if (purpose.consentPurpose !== undefined && !(request.consents?.has(purpose.consentPurpose) ?? false)) return no('CONSENT_WITHDRAWN');
  const onSelf = actor.id === subject.id;
  if (purpose.onlyOwnRecord && !onSelf) return no('PURPOSE_ONLY_OWN_RECORD');
  // A person may always ask for their own data (PIPL art. 45), whatever their roles.
  if (!purpose.onlyOwnRecord && !actor.roles.some((r) => purpose.roles.includes(r))) return no('PURPOSE_NOT_FOR_ROLE');
  const audiences = audiencesOf(actor, subject, request.departments);
  for (const def of definitions) {
    if (!def.visibleTo.some((a) => audiences.has(a))) return no('NOT_VISIBLE_TO_RELATIONSHIP');
  }
  for (const def of definitions) {
    if (isProtected(def) && !def.purposes.includes(purpose.code)) return no('PURPOSE_DOES_NOT_OPEN_FIELD');
  }
  return { ok: true, purpose, definitions };
}

function decideUnsafe(request: AccessRequest): AccessDecision {
  const { fields } = request;
  const standing = checkStanding(request);
  if (!standing.ok) return deny(fields, standing.reason);
  const { purpose, definitions } = standing;
  // The subject asking for their own data owes nobody a reason.
  if (!purpose.onlyOwnRecord) {
    const verdict = classifyJustification(request.justification);
    if (verdict.verdict === 'refuse') return deny(fields, JUSTIFICATION_REASON[verdict.category]);
  }
  // Public and internal fields are visible anyway; the purpose's gates guard protected values.
  if (!definitions.some(isProtected)) return { outcome: 'allow', reason: 'ALLOWED', fields: [...fields], expiresAt: null, breakGlass: false };

  let reason: ReasonCode = 'ALLOWED';
  if (purpose.requiresReference) {
    const reference = (request.reference ?? '').normalize('NFKC').replace(/\s+/g, '');
    if (reference.length < MIN_REFERENCE_CHARS) return deny(fields, 'REFERENCE_REQUIRED');
  }
  if (purpose.requiresSecondApprover) {
    const approver = request.approvedBy ?? null;
    if (approver !== null && approver.id === request.actor.id) return deny(fields, 'SECOND_APPROVER_SAME_PERSON');
    if (approver === null || !isInOrganisation(approver) || !hasRole(approver, 'hr_admin')) {
      return { outcome: 'needs_second_approver', reason: 'SECOND_APPROVER_REQUIRED', fields: [...fields], expiresAt: null, breakGlass: false };
    }
    reason = 'ALLOWED_SECOND_APPROVER';
  }
  if (purpose.breakGlassMinutes !== null) {
    const expiresAt = new Date(request.now.getTime() + purpose.breakGlassMinutes * MINUTE_MS);
    return { outcome: 'allow', reason: 'ALLOWED_BREAK_GLASS', fields: [...fields], expiresAt, breakGlass: true };
  }
  return { outcome: 'allow', reason, fields: [...fields], expiresAt: null, breakGlass: false };
}

/**
 * decide(actor, subject, fields, purpose, justification, reference?) → allow / deny /
 * needs_second_approver with a reason code. Deny by default; any error denies (fail closed).
 */
export function decide(request: AccessRequest): AccessDecision {
  try {
    return decideUnsafe(request);
  } catch {
    let fields: string[] = [];
    try {
      fields = Array.isArray(request?.fields) ? request.fields.filter((f): f is string => typeof f === 'string') : [];
    } catch {
      fields = [];
    }
    return deny(fields, 'POLICY_ERROR');
  }
}
