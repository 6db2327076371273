import type { Result } from '../shared/result.js';

/** Why a delivery did not happen; `permanent` failures are not retried. Never holds a personal value. */
export interface DeliveryFailure {
  readonly code: string;
  readonly permanent: boolean;
  /** Recipients the messenger throttled or refused; only these are worth another try. */
  readonly userIds?: readonly string[];
}

export type Delivery = Result<void, DeliveryFailure>;

export interface TextMessage {
  /** Shown in previews and notifications. */
  readonly title: string;
  /** The message body (the messenger's markdown subset). */
  readonly markdown: string;
}

/** Card data as the messenger wants it: every value a string. */
export type CardParams = Readonly<Record<string, string>>;

export interface CardMessage {
  readonly outTrackId: string;
  readonly params: CardParams;
}

/**
 * The messenger as the domain needs it (style.md: ports say what the domain needs). The
 * DingTalk open-platform client implements it; the outbox worker is its only caller.
 */
export interface Messenger {
  /** 1:1 messages from the bot to each user. */
  sendText(userIds: readonly string[], message: TextMessage): Promise<Delivery>;
  /** Reply through an inbound message's session; a stale session is a failure, not an error. */
  replyInSession(sessionUrl: string, message: TextMessage): Promise<Delivery>;
  sendCard(userId: string, card: CardMessage): Promise<Delivery>;
  updateCard(card: CardMessage): Promise<Delivery>;
}
