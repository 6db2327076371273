import type { Channel } from '../audit/access-log-entry.js';
import { appendConsent } from '../consent/record-consent.use-case.js';
import { domainError, type DomainError } from '../shared/domain-error.js';
import { err, ok, type Result } from '../shared/result.js';
import { required } from '../shared/unit-of-work.port.js';
import { answer, type OffboardingCase } from './offboarding-case.js';
import { logEntry, type OffboardingDeps } from './offboarding-support.js';

export interface AnswerOffboardingCardInput {
  readonly actorId: string;
  readonly caseId: string;
  readonly handoverConfirmed: boolean;
  readonly channel: 'email' | 'none';
  /** Required with channel 'email'; stored only in the vault, never logged or echoed. */
  readonly email?: string | null;
  readonly relayOptIn: boolean;
  /** The notice version the card showed (from its data). */
  readonly noticeVersion: number;
  readonly via: Channel;
}

const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,253}\.[^\s@]{2,}$/;

/**
 * The departing employee's answers. They are consent evidence (purpose, notice version, time,
 * channel); the email goes to the vault as post_departure_email; relays need a channel.
 */
export async function answerOffboardingCard(deps: OffboardingDeps, input: AnswerOffboardingCardInput): Promise<Result<OffboardingCase, DomainError>> {
  const email = input.channel === 'email' ? (input.email ?? '').trim() : null;
  if (email !== null && (email.length > 320 || !EMAIL.test(email))) return err(domainError('INPUT.INVALID', { field: 'email' }));
  if (input.channel === 'none' && input.relayOptIn) return err(domainError('INPUT.INVALID', { field: 'relayOptIn', reason: 'NEEDS_CHANNEL' }));
  return deps.tx.run(async (uow) => {
    const cases = required(uow.offboarding, 'offboarding');
    const now = deps.clock.now();
    const c = await cases.get(input.caseId);
    if (!c || c.employeeId !== input.actorId) return err(domainError('OFFBOARDING.NOT_FOUND', { kind: 'case' }));
    const subject = await uow.employees.get(c.employeeId);
    if (!subject) return err(domainError('OFFBOARDING.NOT_FOUND', { kind: 'employee' }));
    const next = answer(c, {
      handoverConfirmed: input.handoverConfirmed,
      channel: input.channel,
      relayOptIn: input.relayOptIn,
      noticeVersion: input.noticeVersion,
      answeredAt: now.toISOString(),
    });
    if (!next.ok) return next;
    const saved = await cases.save(next.value);
    const catalog = await uow.catalog.current();
    await uow.vault.write(subject.id, new Map([['post_departure_email', email]]), catalog);
    const handoverStatus = subject.separation.handoverStatus === 'confirmed' ? 'confirmed' : input.handoverConfirmed ? 'in_progress' : subject.separation.handoverStatus;
    await uow.employees.save({
      ...subject,
      separation: { ...subject.separation, postDepartureChannel: input.channel, relayOptIn: input.relayOptIn, handoverStatus },
    });
    await uow.accessLog.append(logEntry(now, input.via, subject, subject.id, 'offboarding', 'OFFBOARDING_CARD_ANSWERED', ['handover_status', 'post_departure_email', 'relay_opt_in']));
    const evidence = { noticeVersion: input.noticeVersion, channel: input.via };
    await appendConsent(uow, deps.ids, now, { subject, actor: subject }, { purpose: 'post_departure_contact', granted: input.channel === 'email', ...evidence });
    await appendConsent(uow, deps.ids, now, { subject, actor: subject }, { purpose: 'relay_contact_requests', granted: input.relayOptIn, ...evidence });
    return ok(saved);
  });
}
