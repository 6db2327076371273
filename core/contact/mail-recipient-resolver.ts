import type { MailRecipientResolver } from '../messaging/mailer.port.js';
import type { Clock } from '../shared/clock.port.js';
import type { Transactor } from '../shared/unit-of-work.port.js';
import { contactLog } from './contact-context.js';

const FIELD = 'post_departure_email';

/**
 * Resolves a former employee's relay address from the vault at delivery time (the outbox never
 * holds it), only while they opt in to relays by email. The system access is logged, the value never.
 */
export class VaultMailRecipientResolver implements MailRecipientResolver {
  constructor(private readonly deps: { readonly tx: Transactor; readonly clock: Clock }) {}

  addressFor(employeeId: string): Promise<string | null> {
    return this.deps.tx.run(async (uow) => {
      const e = await uow.employees.get(employeeId);
      const allowed = e !== null && e.status === 'departed' && e.separation.relayOptIn && e.separation.postDepartureChannel === 'email';
      const read = allowed ? (await uow.vault.read(employeeId, [FIELD])).get(FIELD) : undefined;
      const address = read?.state === 'value' && typeof read.value === 'string' ? read.value : null;
      await contactLog(uow, {
        at: this.deps.clock.now(),
        channel: 'system',
        actor: null,
        actorRole: 'system',
        subjectId: employeeId,
        requestId: null,
        fields: [FIELD],
        outcome: address ? 'allowed' : 'denied',
        reasonCode: address ? 'CONTACT_RELAY_ADDRESS' : read?.state === 'tampered' ? 'VAULT_TAMPERED' : 'CONTACT_NO_RELAY_CHANNEL',
      });
      return address;
    });
  }
}
