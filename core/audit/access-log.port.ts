import type { AccessLogEntry, NewAccessLogEntry } from './access-log-entry.js';

/**
 * Appends inside the caller's transaction: an entry exists if and only if the decision it
 * records committed. Implementations serialise on the chain head.
 */
export interface AccessLogWriter {
  append(entry: NewAccessLogEntry): Promise<AccessLogEntry>;
}

export interface AccessLogQuery {
  readonly actorId?: string;
  /** Entries by anyone but this actor (who-viewed-my-data leaves out the person's own actions). */
  readonly excludeActorId?: string;
  readonly subjectId?: string;
  readonly purpose?: string;
  readonly outcome?: string;
  readonly field?: string;
  readonly channel?: string;
  readonly action?: string;
  readonly from?: Date;
  readonly to?: Date;
  /** Substring over justifications; Chinese substrings must match. */
  readonly keyword?: string;
  /** Keyset pagination: entries with seq below this one (newest first). */
  readonly beforeSeq?: number;
  readonly limit: number;
}

export interface AccessLogReader {
  search(query: AccessLogQuery): Promise<{ entries: AccessLogEntry[]; nextBeforeSeq: number | null }>;
}
