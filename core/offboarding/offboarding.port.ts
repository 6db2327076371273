import type { OffboardingCase } from './offboarding-case.js';

/** Offboarding cases; `save` is optimistic on `version` (a stale save is RECORD.CONFLICT, thrown). */
export interface OffboardingCases {
  get(id: string): Promise<OffboardingCase | null>;
  /** The employee's open case (awaiting_approval or pending_departure), if any. */
  openFor(employeeId: string): Promise<OffboardingCase | null>;
  /** The employee's most recent case, open or closed. */
  latestFor(employeeId: string): Promise<OffboardingCase | null>;
  /** Approved cases whose last day is on or before `date` (YYYY-MM-DD), oldest first. */
  dueForDeparture(date: string, limit: number): Promise<OffboardingCase[]>;
  listOpen(limit: number): Promise<OffboardingCase[]>;
  save(c: OffboardingCase): Promise<OffboardingCase>;
}

/** Someone asked HR to correct a field of their record; HR applies it (audited) or declines. */
export interface CorrectionRequest {
  readonly id: string;
  readonly employeeId: string;
  readonly field: string;
  /** What the person says is wrong, in their words; never the value itself. */
  readonly note: string;
  readonly status: 'open' | 'applied' | 'declined';
  readonly requestedAt: string;
  readonly decidedBy: string | null;
  readonly decidedAt: string | null;
}

export interface CorrectionRequests {
  get(id: string): Promise<CorrectionRequest | null>;
  listFor(employeeId: string): Promise<CorrectionRequest[]>;
  listOpen(limit: number): Promise<CorrectionRequest[]>;
  save(r: CorrectionRequest): Promise<void>;
}
