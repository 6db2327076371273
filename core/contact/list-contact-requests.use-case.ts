import type { Department } from '../records/department.js';
import { hasRole } from '../records/employee.js';
import { domainError, type DomainError } from '../shared/domain-error.js';
import { err, ok, type Result } from '../shared/result.js';
import type { UnitOfWork } from '../shared/unit-of-work.port.js';
import { contactLog, contactsOf, type ContactDeps } from './contact-context.js';
import { NEUTRAL_ENDINGS, OPEN_STATUSES, type ContactReason, type ContactRequest, type ContactStatus, type ShareKind } from './contact-request.js';

/** How the requester sees a status: every neutral ending is the same `closed`. */
export type RequesterStatus = Exclude<ContactStatus, 'declined' | 'blocked' | 'expired' | 'undeliverable'> | 'closed';

export const requesterStatus = (s: ContactStatus): RequesterStatus => (NEUTRAL_ENDINGS.includes(s) ? 'closed' : (s as RequesterStatus));

export interface MyContactRequestView {
  readonly id: string;
  readonly target: { readonly name: string; readonly department: string | null };
  readonly reason: ContactReason;
  readonly status: RequesterStatus;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly shared: { readonly kind: ShareKind; readonly value: string } | null;
  readonly reply: string | null;
  readonly hrNote: string | null;
}

const deptName = (map: ReadonlyMap<string, Department>, id: string | undefined) => (id ? (map.get(id)?.name ?? null) : null);

async function departmentsOf(uow: UnitOfWork) {
  return new Map((await uow.departments.all()).map((d) => [d.id, d] as const));
}

/** The requester's own requests, newest first, with exactly what the other side chose to share. */
export async function listMyContactRequests(
  deps: Pick<ContactDeps, 'tx'>,
  input: { readonly requesterId: string; readonly limit?: number },
): Promise<readonly MyContactRequestView[]> {
  return deps.tx.run(async (uow) => {
    const rows = await contactsOf(uow).requests.listByRequester(input.requesterId, input.limit ?? 50);
    const depts = await departmentsOf(uow);
    const out: MyContactRequestView[] = [];
    for (const r of rows) {
      const target = await uow.employees.get(r.targetId);
      out.push({
        id: r.id,
        target: { name: target?.name ?? '', department: deptName(depts, target?.departmentId) },
        reason: r.reason,
        status: requesterStatus(r.status),
        createdAt: r.createdAt,
        updatedAt: r.updatedAt,
        shared: r.status === 'granted' && r.answer?.kind === 'share' ? { kind: r.answer.channel, value: r.answer.value } : null,
        reply: r.status === 'replied' && r.answer?.kind === 'reply' ? r.answer.message : null,
        hrNote: r.hrNote,
      });
    }
    return out;
  });
}

export interface QueueItemView {
  readonly id: string;
  readonly requester: { readonly id: string; readonly name: string; readonly department: string | null };
  readonly target: { readonly name: string; readonly department: string | null };
  readonly reason: ContactReason;
  readonly message: string;
  readonly status: ContactStatus;
  readonly createdAt: Date;
}

/** HR's queue: open requests, those waiting for review first. Refused (and logged) for others. */
export async function listContactQueue(
  deps: Pick<ContactDeps, 'tx' | 'clock'>,
  input: { readonly hrId: string; readonly channel: 'bot' | 'miniapp'; readonly limit?: number },
): Promise<Result<readonly QueueItemView[], DomainError>> {
  return deps.tx.run(async (uow) => {
    const hr = await uow.employees.get(input.hrId);
    if (!hr || !hasRole(hr, 'hr_admin') || hr.status === 'departed') {
      await contactLog(uow, { at: deps.clock.now(), channel: input.channel, actor: hr, subjectId: null, requestId: null, outcome: 'denied', reasonCode: 'NOT_HR_ADMIN' });
      return err(domainError('ACCESS.DENIED', { reason: 'NOT_HR_ADMIN' }));
    }
    const depts = await departmentsOf(uow);
    const rows: ContactRequest[] = [];
    for (const s of ['hr_review', 'submitted', 'awaiting_consent'] as const satisfies readonly (typeof OPEN_STATUSES)[number][])
      rows.push(...(await contactsOf(uow).requests.listByStatus(s, input.limit ?? 50)));
    const out: QueueItemView[] = [];
    for (const r of rows.slice(0, input.limit ?? 50)) {
      const requester = await uow.employees.get(r.requesterId);
      const target = await uow.employees.get(r.targetId);
      out.push({
        id: r.id,
        requester: { id: r.requesterId, name: requester?.name ?? '', department: deptName(depts, requester?.departmentId) },
        target: { name: target?.name ?? '', department: deptName(depts, target?.departmentId) },
        reason: r.reason,
        message: r.message,
        status: r.status,
        createdAt: r.createdAt,
      });
    }
    return ok(out);
  });
}
