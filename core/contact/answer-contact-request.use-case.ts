import { domainError, type DomainError } from '../shared/domain-error.js';
import { err, ok, type Result } from '../shared/result.js';
import { contactsOf, type ContactDeps } from './contact-context.js';
import { requesterOutcome } from './contact-notifications.js';
import { isShareKind, MESSAGE_MAX, SHARE_VALUE_MAX, type ContactAnswer, type ContactRequest, type ContactStatus } from './contact-request.js';
import { openLink } from './contact-link.use-case.js';
import { transition } from './transition.js';

const STATUS_FOR: Record<ContactAnswer['kind'], ContactStatus> = { share: 'granted', reply: 'replied', decline: 'declined', block: 'blocked' };

const SHAPES = {
  phone: /^\+?[0-9][0-9 ()-]{5,24}$/,
  email: /^[^\s@]{1,64}@[^\s@]{1,190}\.[^\s@]{2,}$/,
  wechat: /^[A-Za-z][-_A-Za-z0-9]{4,40}$|^\+?[0-9]{6,20}$/,
} as const;

/** A typed answer from the page, checked: a share is one channel kind and a plausible value. */
export function parseAnswer(raw: { kind?: unknown; channel?: unknown; value?: unknown; message?: unknown }): ContactAnswer | null {
  const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
  if (raw.kind === 'decline') return { kind: 'decline' };
  if (raw.kind === 'block') return { kind: 'block' };
  if (raw.kind === 'reply') {
    const message = text(raw.message);
    return message && [...message].length <= MESSAGE_MAX ? { kind: 'reply', message } : null;
  }
  if (raw.kind === 'share' && isShareKind(raw.channel)) {
    const value = text(raw.value);
    return value && value.length <= SHARE_VALUE_MAX && SHAPES[raw.channel].test(value) ? { kind: 'share', channel: raw.channel, value } : null;
  }
  return null;
}

/**
 * The former employee's answer through the signed link. The link is consumed in the same
 * transaction as the answer (single use); the requester learns exactly what was chosen — a
 * channel, a message, or the one neutral outcome for decline and block.
 */
export async function answerContactRequest(
  deps: Pick<ContactDeps, 'tx' | 'clock' | 'links'>,
  input: { readonly token: string; readonly answer: ContactAnswer },
): Promise<Result<ContactRequest, DomainError>> {
  return deps.tx.run(async (uow) => {
    const opened = await openLink(deps, uow, input.token, 'answer');
    if (!opened.ok) return opened;
    const now = deps.clock.now();
    const store = contactsOf(uow);
    const r = opened.value.request;
    // Two submits racing: only the first consumes the link; the second changes nothing.
    if (!(await store.links.consume(opened.value.nonceHash, now))) return err(domainError('CONTACT.LINK_INVALID', { reason: 'used' }));
    const target = await uow.employees.get(r.targetId);
    const answered = await transition(uow, r, {
      to: STATUS_FOR[input.answer.kind],
      at: now,
      channel: 'api',
      actor: target,
      actorRole: 'former_employee',
      patch: { answer: input.answer },
      // Which kind of channel was shared is logged; its value never is.
      fields: input.answer.kind === 'share' ? [`shared_${input.answer.channel}`] : [],
    });
    if (!answered.ok) throw new Error(`answer on an open request failed: ${answered.error.code}`);
    if (input.answer.kind === 'block') await store.blocks.add(r.targetId, r.requesterId, now);
    const note = target ? requesterOutcome(answered.value, target) : null;
    if (note) await uow.outbox.enqueue(note);
    return ok(answered.value);
  });
}
