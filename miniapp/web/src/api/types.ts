/** Shapes of the JSON API, as documented in miniapp/API.md. */
import type { EmergencyContact, Sensitivity, Section } from '../../../../core/records/field-catalog.js';
import type { Role } from '../../../../core/records/roles.js';
import type { EmployeeStatus } from '../../../../core/records/employee.js';

export type Locale = 'zh-CN' | 'en';
export type Localized = { readonly 'zh-CN': string; readonly en: string };
export type { Role, EmployeeStatus, Sensitivity, Section, EmergencyContact };

export interface PurposeOption {
  readonly code: string;
  readonly label: Localized;
  readonly description?: Localized | string;
  readonly neverValid: boolean;
  readonly requiresReference: boolean;
  readonly breakGlassMinutes: number | null;
}

export interface AppConfig {
  readonly locale: Locale;
  readonly timezone: string;
  readonly demo: boolean;
  readonly corpId: string;
  readonly clientId: string;
  readonly agentId: string;
  readonly purposes: readonly PurposeOption[];
  readonly fields: readonly { key: string; section: Section; sensitivity: Sensitivity; label: Localized }[];
}

export interface Me {
  readonly id: string;
  readonly name: string;
  readonly roles: readonly Role[];
  readonly status: EmployeeStatus;
  readonly departmentId: string;
  readonly locale: Locale | null;
}

export interface DemoUser {
  readonly id: string;
  readonly name: string;
  readonly title: string;
  readonly roles: readonly Role[];
  readonly departmentId: string;
}

export interface Department {
  readonly id: string;
  readonly name: string;
  readonly parentId: string | null;
  readonly path: string;
  readonly headEmployeeId: string | null;
}

export interface EmployeeSummary {
  readonly id: string;
  readonly employeeNo: string;
  readonly name: string;
  readonly title: string;
  readonly status: EmployeeStatus;
  readonly department: { readonly id: string; readonly path: string } | null;
}

export type FieldValue = string | readonly EmergencyContact[];

export interface RecordField {
  readonly key: string;
  readonly label: Localized;
  readonly sensitivity: Sensitivity;
  readonly state: 'value' | 'masked' | 'empty' | 'erased';
  readonly value?: FieldValue | null;
  /** The masked form: `138****1234`, `••••`, or masked emergency contacts. */
  readonly masked?: FieldValue;
  readonly revealable: boolean;
}

export interface EmployeeRecord {
  readonly id: string;
  readonly status: EmployeeStatus;
  readonly name: string | null;
  /** Sent to HR admins only. */
  readonly legalHold?: boolean;
  readonly roles?: readonly Role[];
  readonly sections: readonly { readonly section: Section; readonly fields: readonly RecordField[] }[];
}

export interface RevealedValue {
  readonly field: string;
  readonly label: Localized;
  /** 'value' when there is one; a field can also be empty or already erased by retention. */
  readonly state?: 'value' | 'empty' | 'erased';
  readonly value?: FieldValue | null;
  readonly note: Localized;
}

export interface RevealGranted {
  readonly values: readonly RevealedValue[];
  readonly expiresAt: string;
  readonly grantId?: string;
  readonly watermark: { readonly viewerName: string; readonly at: string };
}

export interface RevealPending {
  readonly approvalId: string;
  readonly status: 'needs_second_approver';
}

export interface Approval {
  readonly id: string;
  readonly requester: { readonly id: string; readonly name: string };
  readonly subjectId: string;
  readonly fields: readonly string[];
  readonly purpose: string;
  readonly reference: string | null;
  readonly createdAt: string;
  readonly status: string;
}

export interface BreakGlassReview {
  readonly id: string;
  readonly grantId: string;
  readonly actor: { readonly id: string; readonly name: string };
  readonly subjectId: string;
  readonly createdAt: string;
  readonly status: string;
}

export interface FormerEmployee {
  readonly id: string;
  readonly name: string;
  readonly department: string | null;
  readonly departedAt: string | null;
  readonly legalHold: boolean;
  readonly anonymised: boolean;
  readonly deadlines: readonly { readonly field: string; readonly deleteAt: string | null }[];
}

export interface DeadLetter {
  readonly id: string;
  readonly template: string;
  readonly recipientKind: string;
  readonly attempts: number;
  readonly lastError: string | null;
  readonly deadAt: string;
}

export interface AuditEntry {
  readonly seq: number;
  readonly at: string;
  readonly actorId: string | null;
  readonly actorName?: string | null;
  readonly actorRole: string | null;
  readonly subjectId: string | null;
  readonly subjectName?: string | null;
  readonly action: string;
  readonly fields: readonly string[];
  readonly purpose: string | null;
  readonly justification: string | null;
  readonly outcome: string;
  readonly reasonCode: string;
  readonly channel: string;
  readonly correlationId: string | null;
  readonly hash: string;
}

export interface AuditStatus {
  readonly headSeq: number;
  readonly lastCheckpoint: { readonly seq: number; readonly time: string; readonly kind: string } | null;
  /** Base64 Ed25519 key that verifies the signed checkpoints. */
  readonly publicKey?: string;
}

export interface AuditStats {
  readonly revealsByPurpose: readonly { readonly purpose: string; readonly count: number }[];
  readonly refusedPerWeek: readonly { readonly week: string; readonly count: number }[];
  readonly breakGlassPendingReviews: number;
}

export interface AccessHistoryEntry {
  readonly at: string;
  readonly viewerRole: string;
  readonly viewerDepartment: string | null;
  readonly purpose: string | null;
  readonly outcome: string;
  readonly action: string;
}

/** Contact requests, offboarding and consent: their routes document these in miniapp/api. */
export interface MyContactRequest {
  readonly id: string;
  readonly target?: { readonly name: string; readonly department?: string | null };
  readonly targetName?: string;
  readonly status: string;
  readonly reason?: string;
  readonly createdAt: string;
  readonly updatedAt?: string;
}

export interface QueueContactRequest extends MyContactRequest {
  readonly message?: string | null;
  readonly requester?: { readonly id: string; readonly name: string };
  readonly requesterName?: string;
}

export interface Consent {
  readonly purpose: string;
  readonly label?: Localized;
  readonly granted: boolean;
  readonly noticeVersion?: number | string;
  readonly at?: string | null;
}

export interface ChecklistItem {
  readonly key: string;
  readonly label?: Localized;
  readonly done: boolean;
  readonly doneAt?: string | null;
  /** Whether the viewer may tick it (the server's rule); absent means no. */
  readonly canConfirm?: boolean;
}

/** One approval on a resignation: null while awaited, 'not_required' when there is no department head. */
export type OffboardingApproval = { readonly approved: boolean; readonly at: string } | null | 'not_required';

export interface Offboarding {
  readonly id: string;
  readonly status: string;
  readonly lastDay: string | null;
  readonly reasonCategory?: string;
  readonly approvals?: { readonly deptHead: OffboardingApproval; readonly hr: OffboardingApproval };
  readonly items: readonly ChecklistItem[];
}

/** A request to correct a field of one's own record; `note` is the person's own words. */
export interface CorrectionRequest {
  readonly id: string;
  readonly employeeId: string;
  readonly field: string;
  readonly note: string;
  readonly status: 'open' | 'applied' | 'declined';
  readonly requestedAt: string;
  readonly decidedAt: string | null;
  /** In HR's queue: whom it is about (null once anonymised). */
  readonly employee?: { readonly id: string; readonly name: string } | null;
}

export interface Handover {
  readonly id: string;
  readonly employee: { readonly id: string; readonly name: string };
  readonly lastDay: string | null;
  readonly items: readonly ChecklistItem[];
}
