import type { Locale } from '../messaging/notification.js';
import { domainError, type DomainError } from '../shared/domain-error.js';
import { err, ok, type Result } from '../shared/result.js';
import { contactLog, contactsOf, type ContactDeps } from './contact-context.js';
import { openLink } from './contact-link.use-case.js';

export type RelayChange = { readonly kind: 'email'; readonly email: string } | { readonly kind: 'stop' };

const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,190}\.[^\s@]{2,}$/;

export function parseRelayChange(raw: { kind?: unknown; email?: unknown }): RelayChange | null {
  if (raw.kind === 'stop') return { kind: 'stop' };
  const email = typeof raw.email === 'string' ? raw.email.trim() : '';
  return raw.kind === 'email' && EMAIL.test(email) ? { kind: 'email', email } : null;
}

/**
 * From the link in any mail: change the address relayed requests go to, or stop relays
 * altogether (the address is then erased). Logged as a consent change, never with the address.
 */
export async function updateRelaySettings(
  deps: Pick<ContactDeps, 'tx' | 'clock' | 'links'>,
  input: { readonly token: string; readonly change: RelayChange },
): Promise<Result<{ readonly locale: Locale; readonly relayOptIn: boolean }, DomainError>> {
  return deps.tx.run(async (uow) => {
    const opened = await openLink(deps, uow, input.token, 'settings');
    if (!opened.ok) return opened;
    const now = deps.clock.now();
    if (!(await contactsOf(uow).links.consume(opened.value.nonceHash, now))) return err(domainError('CONTACT.LINK_INVALID', { reason: 'used' }));
    const me = await uow.employees.get(opened.value.request.targetId);
    if (!me) throw new Error('link names a missing employee');
    const stop = input.change.kind === 'stop';
    await uow.vault.write(me.id, new Map([['post_departure_email', stop ? null : (input.change as { email: string }).email]]), await uow.catalog.current());
    await uow.employees.save({
      ...me,
      separation: { ...me.separation, relayOptIn: !stop, postDepartureChannel: stop ? 'none' : 'email' },
    });
    await contactLog(uow, {
      at: now,
      channel: 'api',
      actor: me,
      actorRole: 'former_employee',
      subjectId: me.id,
      requestId: opened.value.request.id,
      action: 'consent',
      outcome: 'recorded',
      reasonCode: stop ? 'RELAY_STOPPED' : 'RELAY_CHANNEL_CHANGED',
      fields: ['relay_opt_in', 'post_departure_email'],
    });
    return ok({ locale: opened.value.locale, relayOptIn: !stop });
  });
}
