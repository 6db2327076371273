import type { AccessLogEntry, NewAccessLogEntry } from './access-log-entry.js';

/**
 * Appends inside the caller's transaction: an entry exists if and only if the decision it
 * records committed. Implementations serialise on the chain head.
 */
export interface AccessLogWriter {
  append(entry: NewAccessLogEntry): Promise<AccessLogEntry>;
}

/**
 * The unit of work's writer: also appends a run of entries as one consecutive chain segment,
 * claiming the head once (bulk jobs such as the purge would otherwise serialise on it per entry).
 * Same contract: the entries exist if and only if the caller's transaction commits.
 */
export interface AccessLogBatchWriter extends AccessLogWriter {
  appendMany(entries: readonly NewAccessLogEntry[]): Promise<AccessLogEntry[]>;
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
