import type { Employee } from '../records/employee.js';
import type { KeyScope } from '../records/field-catalog.js';

export interface ShredTarget {
  readonly employeeId: string;
  readonly scopes: readonly KeyScope[];
}

export interface Anonymisation {
  readonly employeeId: string;
  readonly pseudonym: string;
  /** Plain record fields to blank (their retention ran out). */
  readonly recordFields: readonly string[];
  readonly at: Date;
}

/**
 * Set-based erasure for the purge job, inside the caller's transaction. Works per batch so a
 * hundred thousand people cost a few hundred statements, not millions.
 */
export interface RetentionStore {
  /**
   * Claims the purge for this transaction (PostgreSQL: a transaction-scoped advisory lock).
   * False: another instance is purging right now.
   */
  tryLock(): Promise<boolean>;
  /** Departed, not yet anonymised people after `afterId` (by id), up to `limit`. */
  candidates(afterId: string | null, limit: number): Promise<Employee[]>;
  liveScopes(employeeIds: readonly string[]): Promise<Map<string, KeyScope[]>>;
  /**
   * Crypto-shreds: destroys the data keys of the given scopes (and every copy of their wrapping
   * secret), deletes their ciphertext, records the erasure. Returns the erased fields per person.
   */
  shred(targets: readonly ShredTarget[]): Promise<Map<string, string[]>>;
  /** Reduces each person to the minimal record (pseudonym, blanked fields, anonymisedAt). */
  anonymise(items: readonly Anonymisation[]): Promise<void>;
  /**
   * After a run's last batch: makes its erasures final where storage keeps old bytes until
   * compaction (the shred-secret file's WAL). Once per run, because it is slow (fsyncs).
   */
  finish(): Promise<void>;
}
