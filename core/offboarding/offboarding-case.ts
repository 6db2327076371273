import type { SeparationReason } from '../records/employee.js';
import { domainError, type DomainError } from '../shared/domain-error.js';
import { err, ok, type Result } from '../shared/result.js';

export const CHECKLIST_ITEMS = ['handover', 'equipment', 'accounts'] as const;
export type ChecklistItemKey = (typeof CHECKLIST_ITEMS)[number];
export const isChecklistItem = (s: string): s is ChecklistItemKey => (CHECKLIST_ITEMS as readonly string[]).includes(s);

export interface ChecklistItem {
  readonly key: ChecklistItemKey;
  readonly done: boolean;
  readonly confirmedBy: string | null;
  readonly confirmedAt: string | null;
}

/**
 * awaiting_approval → pending_departure (department head and HR approved) → departed.
 * A refusal or a withdrawal closes the case; the employee stays active.
 */
export const CASE_STATUSES = ['awaiting_approval', 'pending_departure', 'departed', 'rejected', 'cancelled'] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export type Approver = 'dept_head' | 'hr';

export interface Approval {
  readonly by: string;
  readonly at: string;
  readonly approved: boolean;
}

/** The departing employee's answers on the offboarding card (also recorded as consent evidence). */
export interface OffboardingAnswers {
  readonly handoverConfirmed: boolean;
  readonly channel: 'email' | 'none';
  readonly relayOptIn: boolean;
  /** The privacy notice version the card showed. */
  readonly noticeVersion: number;
  readonly answeredAt: string;
}

export type DepartureTrigger = 'schedule' | 'hr' | 'messenger_event';

export interface OffboardingCase {
  readonly id: string;
  readonly employeeId: string;
  /** The employee themself, or the HR admin who filed on their behalf. */
  readonly filedBy: string;
  readonly filedAt: string;
  readonly lastDay: string; // YYYY-MM-DD
  readonly reasonCategory: SeparationReason;
  readonly status: CaseStatus;
  /** null while waiting; the head's approval is not needed when nobody heads the department. */
  readonly deptHeadApproval: Approval | null;
  readonly deptHeadRequired: boolean;
  readonly hrApproval: Approval | null;
  readonly checklist: readonly ChecklistItem[];
  readonly answers: OffboardingAnswers | null;
  readonly departedAt: string | null;
  readonly departedBy: DepartureTrigger | null;
  readonly version: number;
}

const invalid = (from: CaseStatus, action: string): DomainError => domainError('OFFBOARDING.INVALID_STATE', { status: from, action });

export const isOpen = (c: Pick<OffboardingCase, 'status'>): boolean => c.status === 'awaiting_approval' || c.status === 'pending_departure';

export function openCase(init: {
  id: string;
  employeeId: string;
  filedBy: string;
  at: Date;
  lastDay: string;
  reasonCategory: SeparationReason;
  deptHeadRequired: boolean;
}): OffboardingCase {
  return {
    id: init.id,
    employeeId: init.employeeId,
    filedBy: init.filedBy,
    filedAt: init.at.toISOString(),
    lastDay: init.lastDay,
    reasonCategory: init.reasonCategory,
    status: 'awaiting_approval',
    deptHeadApproval: null,
    deptHeadRequired: init.deptHeadRequired,
    hrApproval: null,
    checklist: CHECKLIST_ITEMS.map((key) => ({ key, done: false, confirmedBy: null, confirmedAt: null })),
    answers: null,
    departedAt: null,
    departedBy: null,
    version: 0,
  };
}

/** True once every approval the case needs is in. */
export const fullyApproved = (c: OffboardingCase): boolean =>
  c.hrApproval?.approved === true && (!c.deptHeadRequired || c.deptHeadApproval?.approved === true);

/** One approver's decision; the second approval moves the case to pending_departure. */
export function decide(c: OffboardingCase, as: Approver, by: string, at: Date, approved: boolean): Result<OffboardingCase, DomainError> {
  if (c.status !== 'awaiting_approval') return err(invalid(c.status, 'approve'));
  if (as === 'dept_head' && !c.deptHeadRequired) return err(invalid(c.status, 'approve'));
  const already = as === 'hr' ? c.hrApproval : c.deptHeadApproval;
  if (already) return err(invalid(c.status, 'approve_twice'));
  const approval: Approval = { by, at: at.toISOString(), approved };
  const next: OffboardingCase = as === 'hr' ? { ...c, hrApproval: approval } : { ...c, deptHeadApproval: approval };
  if (!approved) return ok({ ...next, status: 'rejected' });
  return ok(fullyApproved(next) ? { ...next, status: 'pending_departure' } : next);
}

export function confirmItem(c: OffboardingCase, key: ChecklistItemKey, by: string, at: Date): Result<OffboardingCase, DomainError> {
  if (c.status !== 'pending_departure') return err(invalid(c.status, 'checklist'));
  const checklist = c.checklist.map((i) => (i.key === key && !i.done ? { ...i, done: true, confirmedBy: by, confirmedAt: at.toISOString() } : i));
  return ok({ ...c, checklist });
}

export function answer(c: OffboardingCase, answers: OffboardingAnswers): Result<OffboardingCase, DomainError> {
  if (c.status !== 'pending_departure') return err(invalid(c.status, 'answer'));
  return ok({ ...c, answers });
}

/**
 * The employee leaves. By schedule only once approved; HR and the messenger's user_leave_org
 * event end an unapproved case too (the person is gone either way).
 */
export function depart(c: OffboardingCase, at: Date, trigger: DepartureTrigger): Result<OffboardingCase, DomainError> {
  const allowed = c.status === 'pending_departure' || (c.status === 'awaiting_approval' && trigger !== 'schedule');
  if (!allowed) return err(invalid(c.status, 'depart'));
  return ok({ ...c, status: 'departed', departedAt: at.toISOString(), departedBy: trigger });
}

export function cancel(c: OffboardingCase): Result<OffboardingCase, DomainError> {
  if (!isOpen(c)) return err(invalid(c.status, 'cancel'));
  return ok({ ...c, status: 'cancelled' });
}
