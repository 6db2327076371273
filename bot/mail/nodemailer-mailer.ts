import nodemailer, { type Transporter } from 'nodemailer';
import type { Mailer, MailMessage } from '../../core/messaging/mailer.port.js';
import type { Delivery } from '../../core/messaging/messenger.port.js';
import { err, ok } from '../../core/shared/result.js';

/** Mail over SMTP_URL. SMTP 5xx answers are permanent; everything else is worth a retry. */
export class NodemailerMailer implements Mailer {
  private readonly transport: Transporter;

  constructor(
    smtpUrl: string,
    private readonly from: string,
  ) {
    this.transport = nodemailer.createTransport(smtpUrl);
  }

  async send(message: MailMessage): Promise<Delivery> {
    try {
      await this.transport.sendMail({ from: this.from, to: message.to, subject: message.subject, text: message.text });
      return ok(undefined);
    } catch (e) {
      const code = (e as { responseCode?: number }).responseCode;
      return err({ code: `MAIL.${code ?? (e as { code?: string }).code ?? 'FAILED'}`, permanent: typeof code === 'number' && code >= 500 });
    }
  }

  close(): void {
    this.transport.close();
  }
}
