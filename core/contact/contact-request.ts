import type { Locale } from '../messaging/notification.js';

export const CONTACT_REASONS = ['belongings', 'work_handover', 'personal_matter', 'money_owed', 'other'] as const;
export type ContactReason = (typeof CONTACT_REASONS)[number];
export const isContactReason = (s: unknown): s is ContactReason => (CONTACT_REASONS as readonly unknown[]).includes(s);

export const CONTACT_STATUSES = [
  'submitted',
  'hr_review',
  'awaiting_consent',
  'granted',
  'replied',
  'declined',
  'blocked',
  'expired',
  'undeliverable',
  'cancelled',
] as const;
export type ContactStatus = (typeof CONTACT_STATUSES)[number];

export const OPEN_STATUSES: readonly ContactStatus[] = ['submitted', 'hr_review', 'awaiting_consent'];
/** Endings the requester must not be able to tell apart: one neutral outcome for all of them. */
export const NEUTRAL_ENDINGS: readonly ContactStatus[] = ['declined', 'blocked', 'expired', 'undeliverable'];

export const isOpen = (s: ContactStatus): boolean => OPEN_STATUSES.includes(s);

/** The state machine (product.md, "Contact requests"); anything else is CONTACT.INVALID_TRANSITION. */
const TRANSITIONS: Readonly<Record<ContactStatus, readonly ContactStatus[]>> = {
  submitted: ['hr_review', 'awaiting_consent', 'undeliverable', 'cancelled'],
  hr_review: ['awaiting_consent', 'undeliverable', 'cancelled'],
  awaiting_consent: ['granted', 'replied', 'declined', 'blocked', 'expired', 'cancelled'],
  granted: [],
  replied: [],
  declined: [],
  blocked: [],
  expired: [],
  undeliverable: [],
  cancelled: [],
};

export const canTransition = (from: ContactStatus, to: ContactStatus): boolean => TRANSITIONS[from].includes(to);

export const SHARE_KINDS = ['phone', 'email', 'wechat'] as const;
export type ShareKind = (typeof SHARE_KINDS)[number];
export const isShareKind = (s: unknown): s is ShareKind => (SHARE_KINDS as readonly unknown[]).includes(s);

/** What the former employee chose to hand over: exactly this, nothing else, reaches the requester. */
export type ContactAnswer =
  | { readonly kind: 'share'; readonly channel: ShareKind; readonly value: string }
  | { readonly kind: 'reply'; readonly message: string }
  | { readonly kind: 'decline' }
  | { readonly kind: 'block' };

export interface ContactRequest {
  readonly id: string;
  readonly requesterId: string;
  readonly targetId: string;
  readonly reason: ContactReason;
  /** The requester's short message to pass on (stored encrypted). */
  readonly message: string;
  readonly status: ContactStatus;
  /** The former employee's answer; only share and reply carry anything to the requester. */
  readonly answer: ContactAnswer | null;
  /** Filed against a pair the target blocked: nothing is sent, and it expires like any other. */
  readonly suppressed: boolean;
  /** Language of the mail and the link page. */
  readonly locale: Locale;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  /** While awaiting consent: when the link stops working and the request expires. */
  readonly expiresAt: Date | null;
  readonly reviewedBy: string | null;
  /** HR's note when HR cancelled the request (told to the requester). */
  readonly hrNote: string | null;
  readonly version: number;
}

export const MESSAGE_MAX = 300;
export const NOTE_MAX = 300;
export const SHARE_VALUE_MAX = 120;
