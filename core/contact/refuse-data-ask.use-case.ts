import { classifyJustification } from '../access/justification-classifier.js';
import { revealFields } from '../access/reveal-fields.use-case.js';
import { roleForLog } from '../access/access-context.js';
import type { ReasonCode } from '../access/decision.js';
import type { Channel } from '../audit/access-log-entry.js';
import type { Clock } from '../shared/clock.port.js';
import type { IdGenerator } from '../shared/ids.port.js';
import type { Transactor } from '../shared/unit-of-work.port.js';
import { candidateSummary, isEligibleTarget, nameMatches, type CandidateSummary } from './eligibility.js';

export interface DataAskInput {
  readonly actorId: string;
  /** The name the person asked about, as typed. */
  readonly name: string;
  /** Which fields the words asked for (e.g. parents' phone → emergency_contacts). */
  readonly fields: readonly string[];
  /** The whole message: it is the justification the policy judges and the log keeps. */
  readonly text: string;
  readonly channel: Channel;
}

export interface DataAskRefusal {
  /** The policy's reason (e.g. PURPOSE_NEVER_VALID), or SUBJECT_NOT_FOUND when the name matched nobody. */
  readonly reason: ReasonCode | null;
  /** The words speak of a debt: the reply points to the lawful route. */
  readonly debt: boolean;
  /** The person, if a contact request may be filed for them instead. */
  readonly candidate: CandidateSummary | null;
}

/**
 * A colleague asking for someone's personal data in chat. The ask goes through the access
 * policy itself (purpose personal_matter: never valid), so the refusal is decided and logged
 * exactly like any other reveal. No value is ever read.
 */
export async function refuseDataAsk(
  deps: { readonly tx: Transactor; readonly clock: Clock; readonly ids: IdGenerator },
  input: DataAskInput,
): Promise<DataAskRefusal> {
  const verdict = classifyJustification(input.text);
  const debt = verdict.verdict === 'refuse' && verdict.category === 'debt_collection';
  const found = await deps.tx.run(async (uow) => {
    const me = await uow.employees.get(input.actorId);
    const people = (await uow.employees.search({ text: input.name, limit: 20 })).filter((e) => nameMatches(e.name, input.name));
    const departments = new Map((await uow.departments.all()).map((d) => [d.id, d] as const));
    const former = me ? people.find((p) => isEligibleTarget(me, p, deps.clock.now())) : undefined;
    return { subject: former ?? people[0] ?? null, candidate: former ? candidateSummary(former, departments) : null };
  });
  if (!found.subject) {
    // Nobody by that name: still a refused ask for personal data, and logged as one.
    await deps.tx.run(async (uow) => {
      const me = await uow.employees.get(input.actorId);
      await uow.accessLog.append({
        at: deps.clock.now(),
        actorId: input.actorId,
        actorRole: roleForLog(me),
        subjectId: null,
        action: 'reveal',
        fields: [...input.fields],
        purpose: 'personal_matter',
        justification: input.text.slice(0, 1000),
        outcome: 'denied',
        reasonCode: 'SUBJECT_NOT_FOUND',
        channel: input.channel,
        correlationId: null,
      });
    });
    return { reason: 'SUBJECT_NOT_FOUND', debt, candidate: null };
  }
  const result = await revealFields(deps, {
    actorId: input.actorId,
    subjectId: found.subject.id,
    fields: input.fields,
    purpose: 'personal_matter',
    justification: input.text.slice(0, 1000),
    channel: input.channel,
  });
  // personal_matter opens nothing; an allow here would be a policy bug, never shown.
  if (result.ok) throw new Error('a personal_matter reveal was allowed');
  const reason = (result.error.params.reason as ReasonCode | undefined) ?? null;
  return { reason, debt, candidate: found.candidate };
}
