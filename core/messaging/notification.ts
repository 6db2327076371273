/**
 * What core wants said, as a template key and parameters — never prose, and never a personal
 * value (a reveal is shown only in the mini-app). The bot renders it in the recipient's locale.
 */
export type Recipient =
  /** An employee (active or leaving) in the messenger, by internal employee id. */
  | { readonly kind: 'employee'; readonly employeeId: string }
  /** A former employee, by mail to the post-departure address held in the vault. */
  | { readonly kind: 'former_employee_mail'; readonly employeeId: string }
  /** A messenger user we may not know as an employee (a reply to whoever wrote to the bot). */
  | { readonly kind: 'messenger_user'; readonly userId: string };

export type NotificationParams = Readonly<Record<string, string | number | boolean | null>>;

/**
 * A parameter whose text depends on the reader's language (a field's label, say): stored as
 * `name.zh-CN` and `name.en` beside the plain `name`, and the renderer picks the reader's.
 */
export function localizedParam(name: string, plain: string, text: { readonly 'zh-CN': string; readonly en: string } | undefined): NotificationParams {
  return text ? { [name]: plain, [`${name}.zh-CN`]: text['zh-CN'], [`${name}.en`]: text.en } : { [name]: plain };
}

export type Locale = 'zh-CN' | 'en';

export interface CardSpec {
  /** Which card (the bot knows how to draw each kind and which actions it carries). */
  readonly kind: string;
  /** Our id for the card instance; later updates reuse it. */
  readonly outTrackId: string;
  readonly data: NotificationParams;
  /** True: refresh the existing instance `outTrackId` instead of delivering a new card. */
  readonly update?: boolean;
}

/** A short-lived reply channel the messenger handed us with an inbound message. */
export interface ReplySession {
  readonly url: string;
  /** Epoch milliseconds after which the session is no longer accepted. */
  readonly expiresAt: number;
}

export interface OutboundNotification {
  readonly recipient: Recipient;
  readonly template: string;
  readonly params: NotificationParams;
  readonly card?: CardSpec;
  /** Idempotency: the same key is delivered once. */
  readonly dedupeKey: string;
  /** Render in this locale; otherwise the recipient's preference, else the configured default. */
  readonly locale?: Locale;
  /** Replies to an inbound message may use its session while it is valid (faster, no token). */
  readonly replySession?: ReplySession;
}

/** Written in the same transaction as the state change that caused the message. */
export interface Outbox {
  enqueue(notification: OutboundNotification): Promise<void>;
}
