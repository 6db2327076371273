import type { Role } from './roles.js';

export const EMPLOYEE_STATUSES = ['active', 'pending_departure', 'departed'] as const;
export type EmployeeStatus = (typeof EMPLOYEE_STATUSES)[number];

export const SEPARATION_REASONS = ['personal', 'family', 'career', 'contract_end', 'mutual_agreement', 'dismissal', 'other'] as const;
export type SeparationReason = (typeof SEPARATION_REASONS)[number];

export type HandoverStatus = 'not_started' | 'in_progress' | 'confirmed';

/**
 * Separation facts that are not personal data (kept in the clear). The post-departure email
 * is personal and lives in the encrypted vault as field `post_departure_email`.
 */
export interface Separation {
  readonly resignationDate: string | null; // ISO date (YYYY-MM-DD)
  readonly lastDay: string | null; // ISO date
  readonly reasonCategory: SeparationReason | null;
  readonly handoverStatus: HandoverStatus;
  readonly postDepartureChannel: 'email' | 'none';
  readonly relayOptIn: boolean;
  /** Instant the employee became `departed`; retention timers run from here. */
  readonly departedAt: string | null; // ISO timestamp
  /** Final pay date; identity/bank retention runs from here (+2 years by default). */
  readonly finalPayDate: string | null; // ISO date
}

export const NO_SEPARATION: Separation = {
  resignationDate: null,
  lastDay: null,
  reasonCategory: null,
  handoverStatus: 'not_started',
  postDepartureChannel: 'none',
  relayOptIn: false,
  departedAt: null,
  finalPayDate: null,
};

/**
 * An employee's record without its personal/sensitive values. Those are held, encrypted,
 * by the PersonalDataVault port and only leave it through a purpose-checked reveal.
 * Public/internal fields (name, department, title, work contact, contract summary) live here.
 */
export interface Employee {
  readonly id: string;
  readonly employeeNo: string;
  readonly name: string;
  readonly dingtalkUserId: string | null;
  readonly departmentId: string;
  readonly managerId: string | null;
  readonly title: string;
  readonly workEmail: string | null;
  readonly workPhone: string | null;
  readonly status: EmployeeStatus;
  readonly roles: readonly Role[];
  readonly hireDate: string | null; // ISO date
  readonly contractType: string | null;
  readonly contractEnd: string | null; // ISO date
  readonly separation: Separation;
  /** A legal hold stops every purge of this person's data. */
  readonly legalHold: boolean;
  /** Set once the person has been reduced to the minimal anonymised record. */
  readonly anonymisedAt: string | null;
  readonly locale: 'zh-CN' | 'en' | null;
  /** Optimistic concurrency. */
  readonly version: number;
}

export const hasRole = (e: Pick<Employee, 'roles'>, role: Role): boolean => e.roles.includes(role);

/** A stable pseudonym for logs and displays once a person has been purged. */
export const pseudonymFor = (employeeId: string): string => `former-${employeeId.slice(0, 8)}`;
