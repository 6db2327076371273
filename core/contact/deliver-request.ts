import type { Channel } from '../audit/access-log-entry.js';
import type { Employee } from '../records/employee.js';
import { DAY_MS } from '../shared/clock.port.js';
import type { DomainError } from '../shared/domain-error.js';
import type { Result } from '../shared/result.js';
import type { UnitOfWork } from '../shared/unit-of-work.port.js';
import type { ContactDeps } from './contact-context.js';
import { contactsOf } from './contact-context.js';
import { requesterOutcome, targetMail } from './contact-notifications.js';
import type { ContactRequest } from './contact-request.js';
import { transition } from './transition.js';

const ADDRESS_FIELD = 'post_departure_email';

/** True when the former employee opted in to relays by email and an address is on file. */
export async function canRelayTo(uow: UnitOfWork, target: Employee): Promise<boolean> {
  if (!target.separation.relayOptIn || target.separation.postDepartureChannel !== 'email') return false;
  const read = (await uow.vault.read(target.id, [ADDRESS_FIELD])).get(ADDRESS_FIELD);
  return read?.state === 'value' && typeof read.value === 'string' && read.value.length > 0;
}

/**
 * Asks the former employee: awaiting_consent plus the mail (in the outbox, same transaction), or
 * undeliverable when they chose no channel — then nothing is sent and the requester hears the
 * neutral outcome. A blocked pair is filed and "sent" without a mail, and later expires.
 */
export async function deliverRequest(
  deps: Pick<ContactDeps, 'ids' | 'links'>,
  uow: UnitOfWork,
  r: ContactRequest,
  ctx: { readonly at: Date; readonly channel: Channel; readonly actor: Employee | null },
): Promise<Result<ContactRequest, DomainError>> {
  const catalog = await uow.catalog.current();
  const validity = catalog.contactRequests.linkValidityDays;
  const expiresAt = new Date(ctx.at.getTime() + validity * DAY_MS);
  const target = await uow.employees.get(r.targetId);
  const requester = await uow.employees.get(r.requesterId);
  if (!target || !requester) throw new Error(`contact request ${r.id} refers to a missing employee`);
  const base = { at: ctx.at, channel: ctx.channel, actor: ctx.actor };

  if (r.suppressed) return transition(uow, r, { ...base, to: 'awaiting_consent', patch: { expiresAt } });
  if (!(await canRelayTo(uow, target))) {
    const ended = await transition(uow, r, { ...base, to: 'undeliverable', fields: [ADDRESS_FIELD] });
    if (ended.ok) {
      const note = requesterOutcome(ended.value, target);
      if (note) await uow.outbox.enqueue(note);
    }
    return ended;
  }
  const links = await deps.links.issue(contactsOf(uow).links, deps.ids, r.id, expiresAt, r.locale);
  const waiting = await transition(uow, r, { ...base, to: 'awaiting_consent', patch: { expiresAt }, fields: [ADDRESS_FIELD] });
  if (!waiting.ok) return waiting;
  const dept = await uow.departments.get(requester.departmentId);
  await uow.outbox.enqueue(targetMail(waiting.value, requester, dept, links, validity));
  return waiting;
}
