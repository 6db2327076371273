import type { ContactReason, ContactRequest, ContactStatus } from './contact-request.js';

export interface ContactRequests {
  get(id: string): Promise<ContactRequest | null>;
  /** Insert, or update when `version` matches the stored one (optimistic); returns the stored request. */
  save(request: ContactRequest): Promise<ContactRequest>;
  listByRequester(requesterId: string, limit: number): Promise<ContactRequest[]>;
  listByStatus(status: ContactStatus, limit: number): Promise<ContactRequest[]>;
  countOpenByRequester(requesterId: string): Promise<number>;
  findOpen(requesterId: string, targetId: string): Promise<ContactRequest | null>;
  /** The latest neutral ending (declined, blocked, expired, undeliverable) of this pair after `since`. */
  lastNeutralEndingSince(requesterId: string, targetId: string, since: Date): Promise<Date | null>;
  /** Awaiting consent past their expiry, oldest first. */
  listExpired(now: Date, limit: number): Promise<ContactRequest[]>;
}

export type LinkPurpose = 'answer' | 'settings';

export interface ContactLinkRecord {
  readonly nonceHash: string;
  readonly requestId: string;
  readonly purpose: LinkPurpose;
  readonly expiresAt: Date;
  readonly usedAt: Date | null;
}

/** Single use, enforced by the database: only the nonce's hash is stored. */
export interface ContactLinks {
  add(link: Omit<ContactLinkRecord, 'usedAt'>): Promise<void>;
  get(nonceHash: string): Promise<ContactLinkRecord | null>;
  /** Atomically marks an unused link used; false when it was already used (or unknown). */
  consume(nonceHash: string, at: Date): Promise<boolean>;
}

/** Former employees who blocked a requester: their requests are filed but never delivered. */
export interface ContactBlocks {
  add(targetId: string, requesterId: string, at: Date): Promise<void>;
  isBlocked(targetId: string, requesterId: string): Promise<boolean>;
}

/** Look-ups of former colleagues, counted for the rate limit. */
export interface ContactLookups {
  record(requesterId: string, at: Date): Promise<void>;
  countSince(requesterId: string, since: Date): Promise<number>;
}

/**
 * A chat conversation in progress: the requester composing a request (pick → reason → message →
 * confirm), or HR typing the note for a cancellation. One per employee; the newest wins.
 */
export type ContactDraft =
  | {
      readonly kind: 'compose';
      readonly ownerId: string;
      readonly targetId: string;
      readonly reason: ContactReason | null;
      readonly message: string | null;
      readonly expiresAt: Date;
    }
  | { readonly kind: 'hr_note'; readonly ownerId: string; readonly requestId: string; readonly expiresAt: Date };

export interface ContactDrafts {
  get(ownerId: string, now: Date): Promise<ContactDraft | null>;
  put(draft: ContactDraft): Promise<void>;
  clear(ownerId: string): Promise<void>;
}

/** The contact-request repositories of one transaction (UnitOfWork member `contacts`). */
export interface ContactStore {
  readonly requests: ContactRequests;
  readonly links: ContactLinks;
  readonly blocks: ContactBlocks;
  readonly lookups: ContactLookups;
  readonly drafts: ContactDrafts;
}
