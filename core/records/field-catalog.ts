import type { Role } from './roles.js';

export type Sensitivity = 'public' | 'internal' | 'personal' | 'sensitive';
export type Section = 'basic' | 'personal' | 'contract' | 'emergency' | 'separation';

/**
 * Who may see a field, as a relationship between the actor and the subject:
 * - self: the subject themself
 * - colleague: any active employee looking at an active employee
 * - same_department: an employee of the subject's own department
 * - dept_head: the head of the subject's department or of one of its ancestors (subtree)
 * - hr_admin: holders of the hr_admin role
 * Auditors are deliberately absent: they see the access log, never values.
 */
export const AUDIENCES = ['self', 'colleague', 'same_department', 'dept_head', 'hr_admin'] as const;
export type Audience = (typeof AUDIENCES)[number];

export const PURPOSE_CODES = [
  'emergency_safety',
  'payroll_social_insurance',
  'employment_admin',
  'subject_request',
  'legal_obligation',
  'personal_matter',
] as const;
export type PurposeCode = (typeof PURPOSE_CODES)[number];
export const isPurposeCode = (s: string): s is PurposeCode => (PURPOSE_CODES as readonly string[]).includes(s);

/**
 * Per-employee data keys are split by scope, so one retention class can be shredded alone.
 * Every vault field of one scope shares one retention rule (the catalog validation checks it),
 * so destroying the scope's key erases exactly the fields that are due.
 */
export const KEY_SCOPES = ['emergency', 'personal_contact', 'personal_profile', 'identity_finance', 'contract', 'separation'] as const;
export type KeyScope = (typeof KEY_SCOPES)[number];

/** How long a field outlives the employee's departure. */
export type RetentionRule =
  | { readonly kind: 'days_after_departure'; readonly days: number }
  /** Kept `days` after departure, or for as long as relay opt-in lasts, but never past `maxDays`. */
  | { readonly kind: 'while_relay_opt_in'; readonly days: number; readonly maxDays: number }
  | { readonly kind: 'days_after_final_pay'; readonly days: number }
  /** Part of the minimal anonymised record that is kept. */
  | { readonly kind: 'keep' };

export interface LocalizedText {
  readonly 'zh-CN': string;
  readonly en: string;
}

export interface FieldDefinition {
  readonly key: string;
  readonly section: Section;
  readonly sensitivity: Sensitivity;
  readonly label: LocalizedText;
  /** Relationships that may see the field (masked, for personal/sensitive ones). */
  readonly visibleTo: readonly Audience[];
  /** Purposes that open the field's value in a reveal. */
  readonly purposes: readonly PurposeCode[];
  /** Where the value lives: plain columns of the record, or the encrypted vault. */
  readonly storage: 'record' | 'vault';
  /** Data-key scope (vault fields); also the unit of crypto-shredding. */
  readonly keyScope: KeyScope;
  readonly retention: RetentionRule;
  /** Shown with every reveal: what the value may and may not be used for. */
  readonly note: LocalizedText;
  /** The value is a list of structured entries (emergency contacts). */
  readonly multi?: boolean;
}

export interface PurposeDefinition {
  readonly code: PurposeCode;
  readonly label: LocalizedText;
  readonly description: LocalizedText;
  /** Roles that may invoke the purpose at all (subject_request: any role, but only on oneself). */
  readonly roles: readonly Role[];
  readonly onlyOwnRecord: boolean;
  readonly requiresReference: boolean;
  readonly requiresSecondApprover: boolean;
  /** Break-the-glass: one subject, a time-limited grant, review task, subject told afterwards. */
  readonly breakGlassMinutes: number | null;
  /** Offered so that a refusal can be explained; it opens nothing. */
  readonly neverValid: boolean;
  /**
   * Set when the purpose's legal basis is the subject's consent (a core/consent purpose code):
   * the purpose opens nothing unless that consent is granted at the moment of the decision.
   */
  readonly consentPurpose?: string;
}

export interface ContactRequestPolicy {
  /** Reason categories that go through HR review before the former employee is asked. */
  readonly hrReviewFor: readonly string[];
  readonly maxOpenPerRequester: number;
  readonly cooldownDays: number;
  readonly linkValidityDays: number;
  readonly lookupsPerHour: number;
}

/** The catalog is data: versioned, editable by HR admins, and the single source of policy. */
export interface FieldCatalog {
  readonly version: number;
  readonly fields: readonly FieldDefinition[];
  readonly purposes: readonly PurposeDefinition[];
  readonly contactRequests: ContactRequestPolicy;
  /** How long a normal reveal stays on screen before it is hidden again. */
  readonly revealDisplaySeconds: number;
  /** Break-glass uses per actor per day above which HR is alerted. */
  readonly breakGlassDailyAlertThreshold: number;
  readonly updatedBy: string | null;
  readonly updatedAt: string | null;
}

export const fieldByKey = (catalog: FieldCatalog, key: string): FieldDefinition | undefined =>
  catalog.fields.find((f) => f.key === key);

export const purposeByCode = (catalog: FieldCatalog, code: string): PurposeDefinition | undefined =>
  catalog.purposes.find((p) => p.code === code);

export const isProtected = (f: Pick<FieldDefinition, 'sensitivity'>): boolean =>
  f.sensitivity === 'personal' || f.sensitivity === 'sensitive';

/** Emergency contact entries: a third party's data, stored as one multi-valued vault field. */
export interface EmergencyContact {
  readonly name: string;
  readonly relation: string;
  readonly phone: string;
}

/** A revealed or stored field value. */
export type FieldValue = string | readonly EmergencyContact[];
