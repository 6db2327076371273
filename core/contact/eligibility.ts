import type { Department } from '../records/department.js';
import type { Employee } from '../records/employee.js';

/** What the requester may learn about a candidate: nothing beyond this. */
export interface CandidateSummary {
  readonly id: string;
  readonly name: string;
  /** Name of the former department (not its path). */
  readonly department: string;
  /** YYYY-MM of the departure. */
  readonly departedMonth: string;
}

const day = (iso: string | null): string | null => (iso ? iso.slice(0, 10) : null);

/**
 * Who may be asked: a departed, not anonymised former employee whose tenure overlapped the
 * requester's (no directory of strangers). Missing dates fail closed.
 */
export function isEligibleTarget(requester: Employee, target: Employee, now: Date): boolean {
  if (requester.id === target.id) return false;
  if (requester.status !== 'active' && requester.status !== 'pending_departure') return false;
  if (target.status !== 'departed' || target.anonymisedAt !== null) return false;
  const requesterStart = day(requester.hireDate);
  const targetStart = day(target.hireDate);
  const targetEnd = day(target.separation.departedAt) ?? day(target.separation.lastDay);
  if (!requesterStart || !targetStart || !targetEnd) return false;
  const requesterEnd = now.toISOString().slice(0, 10);
  return requesterStart <= targetEnd && targetStart <= requesterEnd;
}

export function candidateSummary(target: Employee, departments: ReadonlyMap<string, Department>): CandidateSummary {
  const departed = target.separation.departedAt ?? target.separation.lastDay ?? '';
  return {
    id: target.id,
    name: target.name,
    department: departments.get(target.departmentId)?.name ?? '',
    departedMonth: departed.slice(0, 7),
  };
}

/** People type "张伟", "张伟。", " zhang wei "; compare without spaces and case. */
export const normaliseName = (s: string): string => s.normalize('NFKC').toLowerCase().replace(/[\s·.．。]/gu, '');

export function nameMatches(name: string, query: string): boolean {
  const n = normaliseName(name);
  const q = normaliseName(query);
  return q.length > 0 && (n.includes(q) || (n.length >= 2 && q.includes(n)));
}
