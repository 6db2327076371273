import type { Channel } from '../audit/access-log-entry.js';
import { roleForLog } from '../access/access-context.js';
import type { Employee } from '../records/employee.js';
import type { Clock } from '../shared/clock.port.js';
import { domainError, type DomainError } from '../shared/domain-error.js';
import type { IdGenerator } from '../shared/ids.port.js';
import { err, ok, type Result } from '../shared/result.js';
import { required, type Transactor, type UnitOfWork } from '../shared/unit-of-work.port.js';
import { isConsentPurpose, type ConsentPurpose, type ConsentRecord } from './consent.js';

export interface ConsentDeps {
  readonly tx: Transactor;
  readonly clock: Clock;
  readonly ids: IdGenerator;
}

/**
 * Appends one answer as evidence and logs it (purpose and outcome, nothing else). Shared by the
 * privacy card, the mini-app and the offboarding card.
 */
export async function appendConsent(
  uow: UnitOfWork,
  ids: IdGenerator,
  at: Date,
  who: { readonly subject: Employee; readonly actor: Employee | null },
  answer: { readonly purpose: ConsentPurpose; readonly granted: boolean; readonly noticeVersion: number; readonly channel: Channel },
): Promise<ConsentRecord> {
  const record: ConsentRecord = {
    id: ids.next(),
    employeeId: who.subject.id,
    purpose: answer.purpose,
    granted: answer.granted,
    noticeVersion: answer.noticeVersion,
    at: at.toISOString(),
    channel: answer.channel,
    actorId: who.actor?.id ?? null,
  };
  await required(uow.consents, 'consents').append(record);
  await uow.accessLog.append({
    at,
    actorId: who.actor?.id ?? null,
    actorRole: who.actor ? (who.actor.status === 'departed' ? 'former_employee' : roleForLog(who.actor)) : 'system',
    subjectId: who.subject.id,
    action: 'consent',
    fields: [],
    purpose: answer.purpose,
    justification: null,
    outcome: 'recorded',
    reasonCode: answer.granted ? 'CONSENT_GRANTED' : 'CONSENT_WITHDRAWN',
    channel: answer.channel,
    correlationId: null,
  });
  return record;
}

export interface RecordConsentInput {
  readonly employeeId: string;
  readonly answers: readonly { readonly purpose: string; readonly granted: boolean }[];
  /** The notice version the person was shown; must be the current one. */
  readonly noticeVersion: number;
  readonly channel: Channel;
}

/**
 * Grants or withdraws consents, one step each, in the mini-app or chat. A withdrawal is a new
 * record (the history stays as evidence) and applies to the very next decision, which reads
 * the ledger fresh.
 */
export async function recordConsent(deps: ConsentDeps, input: RecordConsentInput): Promise<Result<ConsentRecord[], DomainError>> {
  if (input.answers.length === 0 || input.answers.some((a) => !isConsentPurpose(a.purpose)))
    return err(domainError('INPUT.INVALID', { field: 'purpose' }));
  return deps.tx.run(async (uow) => {
    const ledger = required(uow.consents, 'consents');
    const subject = await uow.employees.get(input.employeeId);
    if (!subject || subject.anonymisedAt !== null) return err(domainError('RECORD.NOT_FOUND', { kind: 'employee' }));
    const notice = await ledger.currentNotice();
    if (!notice) return err(domainError('CONSENT.NOT_FOUND', { kind: 'notice' }));
    if (input.noticeVersion !== notice.version) return err(domainError('CONSENT.NOT_FOUND', { kind: 'notice_version' }));
    const now = deps.clock.now();
    const out: ConsentRecord[] = [];
    for (const a of input.answers) {
      const purpose = a.purpose as ConsentPurpose;
      out.push(await appendConsent(uow, deps.ids, now, { subject, actor: subject }, { purpose, granted: a.granted, noticeVersion: notice.version, channel: input.channel }));
      // Relays follow the consent at once: the record's flag is what the contact module reads.
      if (purpose === 'relay_contact_requests') {
        const fresh = (await uow.employees.get(subject.id))!;
        if (fresh.separation.relayOptIn !== a.granted) await uow.employees.save({ ...fresh, separation: { ...fresh.separation, relayOptIn: a.granted } });
      }
    }
    return ok(out);
  });
}
