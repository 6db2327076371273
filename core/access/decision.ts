import type { Employee } from '../records/employee.js';
import type { Department } from '../records/department.js';
import type { FieldCatalog, PurposeCode } from '../records/field-catalog.js';

export type DecisionOutcome = 'allow' | 'deny' | 'needs_second_approver';

/** Stable reason codes; logged with every decision and mapped to text by each adapter. */
export const REASON_CODES = [
  'ALLOWED',
  'ALLOWED_BREAK_GLASS',
  'ALLOWED_SECOND_APPROVER',
  'NOT_VISIBLE_TO_RELATIONSHIP',
  'UNKNOWN_FIELD',
  'UNKNOWN_PURPOSE',
  'PURPOSE_NEVER_VALID',
  'PURPOSE_NOT_FOR_ROLE',
  'PURPOSE_ONLY_OWN_RECORD',
  'PURPOSE_DOES_NOT_OPEN_FIELD',
  'JUSTIFICATION_MISSING',
  'JUSTIFICATION_DEBT_COLLECTION',
  'JUSTIFICATION_PRIVATE_DISPUTE',
  'JUSTIFICATION_MARKETING',
  'JUSTIFICATION_CURIOSITY',
  'REFERENCE_REQUIRED',
  'SECOND_APPROVER_REQUIRED',
  'SECOND_APPROVER_SAME_PERSON',
  'BREAK_GLASS_EXPIRED',
  'SUBJECT_ANONYMISED',
  'ACTOR_INACTIVE',
  'NO_ROLE',
  'CONSENT_WITHDRAWN',
  'POLICY_ERROR',
  // Outcomes of the use cases around decide(): logged with the entry, never a value.
  'ACTOR_UNKNOWN',
  'SUBJECT_NOT_FOUND',
  'GRANT_NOT_FOUND',
  'APPROVAL_NOT_FOUND',
  'APPROVAL_NOT_PENDING',
  'APPROVAL_NOT_NEEDED',
  'APPROVAL_REJECTED',
  'APPROVER_NOT_HR_ADMIN',
  'BREAK_GLASS_ALERT',
  'VAULT_TAMPERED',
  'CATALOG_INVALID',
  'NOT_HR_ADMIN',
  'LAST_HR_ADMIN',
] as const;
export type ReasonCode = (typeof REASON_CODES)[number];

/** Everything `decide` needs, loaded fresh for every request (role changes apply at once). */
export interface AccessRequest {
  readonly actor: Employee;
  readonly subject: Employee;
  readonly fields: readonly string[];
  readonly purpose: PurposeCode | string;
  readonly justification: string;
  readonly reference?: string | null;
  /** Set when a second HR admin has approved this (legal_obligation) request. */
  readonly approvedBy?: Employee | null;
  readonly catalog: FieldCatalog;
  /** The department tree, for subtree (dept_head) checks. */
  readonly departments: ReadonlyMap<string, Department>;
  /** The subject's consent purposes granted right now (null: unknown, which grants none). */
  readonly consents?: ReadonlySet<string> | null;
  readonly now: Date;
}

export interface AccessDecision {
  readonly outcome: DecisionOutcome;
  readonly reason: ReasonCode;
  /** The fields the decision covers (all of the request's, allowed or not). */
  readonly fields: readonly string[];
  /** For break-glass: when the grant stops opening the fields. */
  readonly expiresAt: Date | null;
  readonly breakGlass: boolean;
}
