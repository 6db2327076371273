import type { Channel } from '../audit/access-log-entry.js';
import { domainError, type DomainError } from '../shared/domain-error.js';
import { err, ok, type Result } from '../shared/result.js';
import { contactLog, contactsOf, type ContactDeps } from './contact-context.js';
import { candidateSummary, isEligibleTarget, nameMatches, normaliseName, type CandidateSummary } from './eligibility.js';

export interface FindFormerColleaguesInput {
  readonly requesterId: string;
  readonly name: string;
  readonly channel: Channel;
}

const HOUR_MS = 60 * 60 * 1000;
const MAX_CANDIDATES = 8;

/**
 * Former colleagues matching a name, limited to those whose tenure overlapped the requester's,
 * described by name, former department and departure month only. Look-ups are rate-limited per
 * requester (catalog `lookupsPerHour`); a refused look-up is logged.
 */
export async function findFormerColleagues(
  deps: Pick<ContactDeps, 'tx' | 'clock'>,
  input: FindFormerColleaguesInput,
): Promise<Result<readonly CandidateSummary[], DomainError>> {
  const query = normaliseName(input.name);
  if (query.length < 2 || query.length > 40) return err(domainError('INPUT.INVALID', { reason: 'NAME_LENGTH' }));
  return deps.tx.run(async (uow) => {
    const now = deps.clock.now();
    const store = contactsOf(uow);
    const requester = await uow.employees.get(input.requesterId);
    if (!requester || (requester.status !== 'active' && requester.status !== 'pending_departure'))
      return err(domainError('CONTACT.NOT_ELIGIBLE'));
    const policy = (await uow.catalog.current()).contactRequests;
    if ((await store.lookups.countSince(requester.id, new Date(now.getTime() - HOUR_MS))) >= policy.lookupsPerHour) {
      await contactLog(uow, { at: now, channel: input.channel, actor: requester, subjectId: null, requestId: null, outcome: 'denied', reasonCode: 'CONTACT_RATE_LIMITED' });
      return err(domainError('CONTACT.RATE_LIMITED'));
    }
    await store.lookups.record(requester.id, now);
    const departments = new Map((await uow.departments.all()).map((d) => [d.id, d] as const));
    const found: CandidateSummary[] = [];
    let afterId: string | undefined;
    // Paged so that a common surname cannot hide the right person behind the first page.
    for (let page = 0; page < 10 && found.length < MAX_CANDIDATES; page++) {
      const rows = await uow.employees.search({ status: 'departed', limit: 200, ...(afterId ? { afterId } : {}) });
      for (const e of rows)
        if (nameMatches(e.name, input.name) && isEligibleTarget(requester, e, now) && found.length < MAX_CANDIDATES)
          found.push(candidateSummary(e, departments));
      const last = rows[rows.length - 1];
      if (rows.length < 200 || !last) break;
      afterId = last.id;
    }
    return ok(found);
  });
}
