import type { Delivery } from './messenger.port.js';

export interface MailMessage {
  readonly to: string;
  readonly subject: string;
  readonly text: string;
}

/** Mail to people outside the messenger (former employees). */
export interface Mailer {
  send(message: MailMessage): Promise<Delivery>;
}

/**
 * Finds a former employee's post-departure address (held encrypted in the vault) at delivery
 * time, so the outbox never stores it. `null`: the person chose no channel or it was purged.
 */
export interface MailRecipientResolver {
  addressFor(employeeId: string): Promise<string | null>;
}
