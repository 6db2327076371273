import type { OutboundNotification } from './notification.js';

export interface OutboxItem {
  readonly id: number;
  readonly notification: OutboundNotification;
  readonly attempts: number;
  readonly createdAt: Date;
}

export interface DeadLetter {
  readonly id: number;
  readonly dedupeKey: string;
  readonly recipientKind: string;
  readonly template: string;
  readonly attempts: number;
  /** A code, never a personal value. */
  readonly lastError: string | null;
  readonly createdAt: Date;
  readonly deadAt: Date;
}

/** The delivery side of the outbox (the writing side is core's `Outbox`, inside a transaction). */
export interface OutboxQueue {
  /** Leases up to `limit` due items for `leaseMs`; a crashed worker's items come back after that. */
  claimDue(now: Date, limit: number, leaseMs: number): Promise<OutboxItem[]>;
  markDelivered(id: number, at: Date): Promise<void>;
  /** Another try later; `countAttempt` false when nothing was tried (e.g. no mail resolver yet). */
  retryLater(id: number, nextAttemptAt: Date, errorCode: string, countAttempt: boolean): Promise<void>;
  markDead(id: number, at: Date, errorCode: string): Promise<void>;
  listDead(limit: number): Promise<DeadLetter[]>;
  /** Puts a dead letter back in the queue (HR admin action); false if it is not dead. */
  retryDead(id: number, now: Date): Promise<boolean>;
  /** Epoch ms of the earliest pending item, for the worker's sleep. */
  nextDueAt(): Promise<number | null>;
}
