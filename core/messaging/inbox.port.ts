/** A message the messenger pushed to us, stored verbatim before we acknowledge it. */
export interface InboundMessage {
  /** The messenger's message id: the idempotency key. */
  readonly msgId: string;
  readonly transport: 'http' | 'stream';
  /** Epoch milliseconds. */
  readonly receivedAt: number;
  /** The raw JSON body; may hold chat text, so it is never logged and is purged after processing. */
  readonly payload: string;
}

export type InboxWriteOutcome = 'accepted' | 'duplicate';

/** Resolves only once the message is durable (committed); a duplicate msgId is reported, not stored. */
export interface InboxWriter {
  write(message: InboundMessage): Promise<InboxWriteOutcome>;
}

export interface InboxRow {
  readonly id: number;
  readonly msgId: string;
  readonly transport: 'http' | 'stream';
  readonly receivedAt: number;
  readonly payload: string;
  readonly attempts: number;
}

/** The inbox inside one transaction: a claimed row stays locked until the transaction ends. */
export interface InboxQueue {
  /** The oldest due, unprocessed row, locked for this transaction (other instances skip it). */
  claimNext(now: Date): Promise<InboxRow | null>;
  markProcessed(id: number, at: Date): Promise<void>;
}

/** Outside any transaction: bookkeeping after a failed attempt, and retention. */
export interface InboxMaintenance {
  /** Schedules another attempt, or marks the row dead when `nextAttemptAt` is null. */
  recordFailure(id: number, errorCode: string, nextAttemptAt: Date | null, at: Date): Promise<void>;
  /** Deletes processed and dead rows older than `before`; returns how many. */
  purgeBefore(before: Date): Promise<number>;
  countByStatus(): Promise<Record<string, number>>;
}
