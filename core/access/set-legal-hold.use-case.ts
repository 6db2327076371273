import type { Channel } from '../audit/access-log-entry.js';
import type { Employee } from '../records/employee.js';
import type { Clock } from '../shared/clock.port.js';
import { domainError, type DomainError } from '../shared/domain-error.js';
import { err, ok, type Result } from '../shared/result.js';
import type { Transactor } from '../shared/unit-of-work.port.js';
import { can } from './permissions.js';

export interface SetLegalHoldInput {
  readonly actorId: string;
  readonly subjectId: string;
  readonly on: boolean;
  /** Why (case number, claim): kept in the log as the justification. */
  readonly note: string;
  readonly channel: Channel;
}

/** A legal hold stops every purge of the person's data until it is lifted (GDPR 17(3), PIPL 47). */
export async function setLegalHold(
  deps: { readonly tx: Transactor; readonly clock: Clock },
  input: SetLegalHoldInput,
): Promise<Result<Employee, DomainError>> {
  const note = input.note.trim();
  if (note.length < 2 || note.length > 500) return err(domainError('INPUT.INVALID', { reason: 'NOTE_LENGTH' }));
  return deps.tx.run(async (uow) => {
    const actor = await uow.employees.get(input.actorId);
    const subject = await uow.employees.get(input.subjectId);
    if (!can(actor, 'legal_hold.edit') || !subject || !actor) return err(domainError('ACCESS.DENIED', { reason: 'NOT_VISIBLE_TO_RELATIONSHIP' }));
    const saved = await uow.employees.save({ ...subject, legalHold: input.on });
    await uow.accessLog.append({
      at: deps.clock.now(),
      actorId: actor.id,
      actorRole: 'hr_admin',
      subjectId: subject.id,
      action: 'purge',
      fields: [],
      purpose: null,
      justification: note,
      outcome: 'recorded',
      reasonCode: input.on ? 'LEGAL_HOLD_ON' : 'LEGAL_HOLD_OFF',
      channel: input.channel,
      correlationId: null,
    });
    return ok(saved);
  });
}
