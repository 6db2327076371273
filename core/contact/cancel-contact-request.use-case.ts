import type { Channel } from '../audit/access-log-entry.js';
import { domainError, type DomainError } from '../shared/domain-error.js';
import { err, type Result } from '../shared/result.js';
import { contactLog, contactsOf, type ContactDeps } from './contact-context.js';
import type { ContactRequest } from './contact-request.js';
import { transition } from './transition.js';

/** The requester withdraws their own open request; someone else's id is "not found". */
export async function cancelContactRequest(
  deps: Pick<ContactDeps, 'tx' | 'clock'>,
  input: { readonly requesterId: string; readonly requestId: string; readonly channel: Channel },
): Promise<Result<ContactRequest, DomainError>> {
  return deps.tx.run(async (uow) => {
    const now = deps.clock.now();
    const r = await contactsOf(uow).requests.get(input.requestId);
    const me = await uow.employees.get(input.requesterId);
    if (!r || r.requesterId !== input.requesterId) {
      await contactLog(uow, { at: now, channel: input.channel, actor: me, subjectId: null, requestId: input.requestId, outcome: 'denied', reasonCode: 'CONTACT_NOT_FOUND' });
      return err(domainError('CONTACT.NOT_FOUND'));
    }
    return transition(uow, r, { at: now, channel: input.channel, actor: me, to: 'cancelled' });
  });
}
