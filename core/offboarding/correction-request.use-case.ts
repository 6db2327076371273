import type { Channel } from '../audit/access-log-entry.js';
import { staffWithRole } from '../access/access-context.js';
import { isInOrganisation } from '../access/relationship.js';
import { hasRole } from '../records/employee.js';
import { domainError, type DomainError } from '../shared/domain-error.js';
import { err, ok, type Result } from '../shared/result.js';
import { required } from '../shared/unit-of-work.port.js';
import { localizedParam } from '../messaging/notification.js';
import type { CorrectionRequest } from './offboarding.port.js';
import { logEntry, type OffboardingDeps } from './offboarding-support.js';

type Deps = Pick<OffboardingDeps, 'tx' | 'clock' | 'ids'>;

const MAX_NOTE = 500;

/**
 * "This field of my record is wrong" (PIPL art. 46): the person names the field and says what
 * is wrong in words; HR applies the correction through the record and closes the request.
 * The note is the person's own text and is never logged.
 */
export async function fileCorrection(
  deps: Deps,
  input: { readonly employeeId: string; readonly field: string; readonly note: string; readonly channel: Channel },
): Promise<Result<CorrectionRequest, DomainError>> {
  const note = input.note.trim();
  if (note.length === 0 || note.length > MAX_NOTE) return err(domainError('INPUT.INVALID', { field: 'note' }));
  return deps.tx.run(async (uow) => {
    const subject = await uow.employees.get(input.employeeId);
    if (!subject || subject.anonymisedAt !== null) return err(domainError('RECORD.NOT_FOUND', { kind: 'employee' }));
    const catalog = await uow.catalog.current();
    const definition = catalog.fields.find((f) => f.key === input.field);
    if (!definition) return err(domainError('INPUT.INVALID', { field: 'field' }));
    const now = deps.clock.now();
    const request: CorrectionRequest = {
      id: deps.ids.next(),
      employeeId: subject.id,
      field: input.field,
      note,
      status: 'open',
      requestedAt: now.toISOString(),
      decidedBy: null,
      decidedAt: null,
    };
    await required(uow.corrections, 'corrections').save(request);
    await uow.accessLog.append(logEntry(now, input.channel, subject, subject.id, 'correction', 'CORRECTION_REQUESTED', [input.field]));
    for (const hr of await staffWithRole(uow.employees, 'hr_admin'))
      if (hr.id !== subject.id)
        await uow.outbox.enqueue({
          recipient: { kind: 'employee', employeeId: hr.id },
          template: 'correction.requested',
          // HR reads the field's label in their own language, not its key.
          params: { employeeName: subject.name, ...localizedParam('field', input.field, definition.label) },
          dedupeKey: `correction:${request.id}:${hr.id}`,
        });
    return ok(request);
  });
}

/** Open correction requests, oldest first, for HR. */
export async function listOpenCorrections(deps: Deps, input: { readonly actorId: string }): Promise<Result<CorrectionRequest[], DomainError>> {
  return deps.tx.run(async (uow) => {
    const actor = await uow.employees.get(input.actorId);
    if (!actor || !isInOrganisation(actor) || !hasRole(actor, 'hr_admin')) return err(domainError('ACCESS.DENIED', { reason: 'NOT_HR_ADMIN' }));
    return ok(await required(uow.corrections, 'corrections').listOpen(200));
  });
}

/** HR closes a request: applied (the record was corrected) or declined; the person is told. */
export async function resolveCorrection(
  deps: Deps,
  input: { readonly actorId: string; readonly requestId: string; readonly outcome: 'applied' | 'declined'; readonly channel: Channel },
): Promise<Result<CorrectionRequest, DomainError>> {
  return deps.tx.run(async (uow) => {
    const actor = await uow.employees.get(input.actorId);
    if (!actor || !isInOrganisation(actor) || !hasRole(actor, 'hr_admin')) return err(domainError('ACCESS.DENIED', { reason: 'NOT_HR_ADMIN' }));
    const store = required(uow.corrections, 'corrections');
    const request = await store.get(input.requestId);
    if (!request) return err(domainError('RECORD.NOT_FOUND', { kind: 'correction' }));
    if (request.status !== 'open') return err(domainError('RECORD.CONFLICT', { status: request.status }));
    const now = deps.clock.now();
    const decided: CorrectionRequest = { ...request, status: input.outcome, decidedBy: actor.id, decidedAt: now.toISOString() };
    await store.save(decided);
    await uow.accessLog.append(logEntry(now, input.channel, actor, request.employeeId, 'correction', `CORRECTION_${input.outcome.toUpperCase()}`, [request.field]));
    const label = (await uow.catalog.current()).fields.find((f) => f.key === request.field)?.label;
    await uow.outbox.enqueue({
      recipient: { kind: 'employee', employeeId: request.employeeId },
      template: `correction.${input.outcome}`,
      params: localizedParam('field', request.field, label),
      dedupeKey: `correction:${request.id}:${input.outcome}`,
    });
    return ok(decided);
  });
}
