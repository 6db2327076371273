/**
 * What core wants said, as a template key and parameters — never prose, and never a personal
 * value (a reveal is shown only in the mini-app). The bot renders it in the recipient's locale.
 */
export type Recipient =
  /** An employee (active or leaving) in the messenger, by internal employee id. */
  | { readonly kind: 'employee'; readonly employeeId: string }
  /** A former employee, by mail to the post-departure address held in the vault. */
  | { readonly kind: 'former_employee_mail'; readonly employeeId: string };

export type NotificationParams = Readonly<Record<string, string | number | boolean | null>>;

export interface CardSpec {
  /** Which card (the bot knows how to draw each kind and which actions it carries). */
  readonly kind: string;
  /** Our id for the card instance; later updates reuse it. */
  readonly outTrackId: string;
  readonly data: NotificationParams;
}

export interface OutboundNotification {
  readonly recipient: Recipient;
  readonly template: string;
  readonly params: NotificationParams;
  readonly card?: CardSpec;
  /** Idempotency: the same key is delivered once. */
  readonly dedupeKey: string;
}

/** Written in the same transaction as the state change that caused the message. */
export interface Outbox {
  enqueue(notification: OutboundNotification): Promise<void>;
}
