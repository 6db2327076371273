import { AUDIENCES, KEY_SCOPES, PURPOSE_CODES, isProtected } from './field-catalog.js';
import type { FieldCatalog, FieldDefinition, LocalizedText, PurposeCode, RetentionRule } from './field-catalog.js';

export interface CatalogIssue {
  /** Where: `fields.emergency_contacts.note.en`, `purposes.legal_obligation`, `revealDisplaySeconds`… */
  readonly path: string;
  readonly code: string;
}

export type CatalogDraft = Omit<FieldCatalog, 'version' | 'updatedBy' | 'updatedAt'>;

export interface CatalogValidationOptions {
  /** The editor explicitly confirmed loosening the third-party rule on emergency contacts. */
  readonly allowThirdPartyChange?: boolean;
}

/** Emergency contacts are a third party's data: only these purposes and audiences by default. */
export const THIRD_PARTY_FIELD = 'emergency_contacts';
const THIRD_PARTY_PURPOSES: readonly PurposeCode[] = ['emergency_safety', 'subject_request', 'legal_obligation'];
const THIRD_PARTY_AUDIENCES = ['self', 'hr_admin'] as const;

const isNonNegInt = (n: unknown): boolean => typeof n === 'number' && Number.isInteger(n) && n >= 0;
const isPosInt = (n: unknown): boolean => isNonNegInt(n) && (n as number) > 0;
const blank = (s: unknown): boolean => typeof s !== 'string' || s.trim() === '';

function checkText(issues: CatalogIssue[], path: string, text: LocalizedText | undefined): void {
  if (!text) return void issues.push({ path, code: 'missing' });
  if (blank(text['zh-CN'])) issues.push({ path: `${path}.zh-CN`, code: 'missing' });
  if (blank(text.en)) issues.push({ path: `${path}.en`, code: 'missing' });
}

function checkRetention(issues: CatalogIssue[], path: string, r: RetentionRule): void {
  if (r.kind === 'keep') return;
  if (!isNonNegInt(r.days)) issues.push({ path: `${path}.days`, code: 'not_a_non_negative_integer' });
  if (r.kind === 'while_relay_opt_in' && (!isNonNegInt(r.maxDays) || r.maxDays < r.days)) {
    issues.push({ path: `${path}.maxDays`, code: 'below_days' });
  }
}

const sameRetention = (a: RetentionRule, b: RetentionRule): boolean => JSON.stringify(a) === JSON.stringify(b);

function checkField(issues: CatalogIssue[], f: FieldDefinition, purposes: ReadonlySet<string>, neverValid: ReadonlySet<string>, o: CatalogValidationOptions): void {
  const p = `fields.${f.key}`;
  checkText(issues, `${p}.label`, f.label);
  checkText(issues, `${p}.note`, f.note);
  for (const a of f.visibleTo) if (!(AUDIENCES as readonly string[]).includes(a)) issues.push({ path: `${p}.visibleTo`, code: `unknown_audience:${a}` });
  for (const code of f.purposes) {
    if (!purposes.has(code)) issues.push({ path: `${p}.purposes`, code: `unknown_purpose:${code}` });
    else if (neverValid.has(code)) issues.push({ path: `${p}.purposes`, code: `never_valid_purpose:${code}` });
  }
  if (!(KEY_SCOPES as readonly string[]).includes(f.keyScope)) issues.push({ path: `${p}.keyScope`, code: 'unknown_scope' });
  // Personal and sensitive values are held encrypted, never in plain columns.
  if (isProtected(f) && f.storage !== 'vault') issues.push({ path: `${p}.storage`, code: 'protected_field_must_be_in_vault' });
  checkRetention(issues, `${p}.retention`, f.retention);
  if (f.key === THIRD_PARTY_FIELD && !o.allowThirdPartyChange) {
    if (f.sensitivity !== 'sensitive') issues.push({ path: `${p}.sensitivity`, code: 'third_party_data_stays_sensitive' });
    if (f.purposes.some((x) => !THIRD_PARTY_PURPOSES.includes(x))) issues.push({ path: `${p}.purposes`, code: 'third_party_purposes_restricted' });
    if (f.visibleTo.some((a) => !(THIRD_PARTY_AUDIENCES as readonly string[]).includes(a))) {
      issues.push({ path: `${p}.visibleTo`, code: 'third_party_audiences_restricted' });
    }
  }
}

/**
 * Checks a catalog an HR admin wants to publish. Returns every issue at once (empty = valid).
 * Some rules are law, not taste: the never-valid purpose stays closed, legal_obligation keeps
 * its reference and four eyes, emergency_safety stays break-the-glass.
 */
export function validateCatalog(draft: CatalogDraft, options: CatalogValidationOptions = {}): CatalogIssue[] {
  const issues: CatalogIssue[] = [];
  const purposeCodes = new Set<string>();
  for (const pd of draft.purposes) {
    const p = `purposes.${pd.code}`;
    if (!(PURPOSE_CODES as readonly string[]).includes(pd.code)) issues.push({ path: p, code: 'unknown_purpose' });
    if (purposeCodes.has(pd.code)) issues.push({ path: p, code: 'duplicate' });
    purposeCodes.add(pd.code);
    checkText(issues, `${p}.label`, pd.label);
    checkText(issues, `${p}.description`, pd.description);
    if (pd.breakGlassMinutes !== null && (!isPosInt(pd.breakGlassMinutes) || pd.breakGlassMinutes > 24 * 60)) {
      issues.push({ path: `${p}.breakGlassMinutes`, code: 'between_1_and_1440' });
    }
    if (pd.code === 'personal_matter' && !pd.neverValid) issues.push({ path: p, code: 'personal_matter_is_never_valid' });
    if (pd.code === 'legal_obligation' && !(pd.requiresReference && pd.requiresSecondApprover)) issues.push({ path: p, code: 'legal_obligation_needs_reference_and_second_approver' });
    if (pd.code === 'emergency_safety' && pd.breakGlassMinutes === null) issues.push({ path: p, code: 'emergency_safety_is_break_glass' });
  }
  const neverValid = new Set(draft.purposes.filter((pd) => pd.neverValid).map((pd) => pd.code));
  const keys = new Set<string>();
  for (const f of draft.fields) {
    if (!/^[a-z][a-z0-9_]{0,62}$/.test(f.key)) issues.push({ path: `fields.${f.key}`, code: 'bad_key' });
    if (keys.has(f.key)) issues.push({ path: `fields.${f.key}`, code: 'duplicate' });
    keys.add(f.key);
    checkField(issues, f, purposeCodes, neverValid, options);
  }
  if (!keys.has(THIRD_PARTY_FIELD) && !options.allowThirdPartyChange) issues.push({ path: `fields.${THIRD_PARTY_FIELD}`, code: 'missing' });
  // One key per scope is shredded as a unit, so its vault fields must share one retention rule.
  const scopeRule = new Map<string, RetentionRule>();
  for (const f of draft.fields.filter((x) => x.storage === 'vault')) {
    const seen = scopeRule.get(f.keyScope);
    if (!seen) scopeRule.set(f.keyScope, f.retention);
    else if (!sameRetention(seen, f.retention)) issues.push({ path: `fields.${f.key}.retention`, code: `differs_within_scope:${f.keyScope}` });
  }
  if (!isPosInt(draft.revealDisplaySeconds)) issues.push({ path: 'revealDisplaySeconds', code: 'not_a_positive_integer' });
  if (!isNonNegInt(draft.breakGlassDailyAlertThreshold)) issues.push({ path: 'breakGlassDailyAlertThreshold', code: 'not_a_non_negative_integer' });
  const cr = draft.contactRequests;
  for (const k of ['maxOpenPerRequester', 'linkValidityDays', 'lookupsPerHour'] as const) {
    if (!isPosInt(cr[k])) issues.push({ path: `contactRequests.${k}`, code: 'not_a_positive_integer' });
  }
  if (!isNonNegInt(cr.cooldownDays)) issues.push({ path: 'contactRequests.cooldownDays', code: 'not_a_non_negative_integer' });
  return issues;
}
