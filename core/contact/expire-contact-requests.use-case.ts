import { contactsOf, type ContactDeps } from './contact-context.js';
import { requesterOutcome } from './contact-notifications.js';
import { transition } from './transition.js';

/**
 * Ends requests whose link validity passed without an answer (including the silently filed
 * requests of a blocked pair): expired, with the neutral outcome. Idempotent; one batch per call.
 */
export async function expireContactRequests(deps: Pick<ContactDeps, 'tx' | 'clock'>, input: { readonly limit: number }): Promise<number> {
  return deps.tx.run(async (uow) => {
    const now = deps.clock.now();
    const due = await contactsOf(uow).requests.listExpired(now, input.limit);
    let n = 0;
    for (const r of due) {
      const ended = await transition(uow, r, { to: 'expired', at: now, channel: 'system', actor: null, actorRole: 'system' });
      if (!ended.ok) continue;
      n += 1;
      const target = await uow.employees.get(r.targetId);
      const note = requesterOutcome(ended.value, target ?? { name: '' });
      if (note) await uow.outbox.enqueue(note);
    }
    return n;
  });
}
