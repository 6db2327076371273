import type { Mailer, MailMessage } from '../../core/messaging/mailer.port.js';
import type { Delivery } from '../../core/messaging/messenger.port.js';
import { ok } from '../../core/shared/result.js';
import { EMULATOR_HISTORY, remember, type EmulatorState } from './emulator-state.js';

/** Demo mode's mailbox: mails to former employees are kept by the emulator and shown on its page. */
export class EmulatorMailer implements Mailer {
  constructor(private readonly state: EmulatorState) {}

  async send(message: MailMessage): Promise<Delivery> {
    remember(this.state.mails, { at: Date.now(), ...message }, EMULATOR_HISTORY.mails);
    return ok(undefined);
  }
}
