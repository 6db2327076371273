import type { NewAccessLogEntry } from '../audit/access-log-entry.js';
import type { PromptPorts } from '../consent/consent-prompt.js';
import type { Employee } from './employee.js';
import type { RosterContext, RosterEntry } from './roster-import.js';

export interface RosterCounts {
  readonly created: number;
  readonly updated: number;
  readonly departmentsCreated: number;
  readonly vaultFieldsWritten: number;
  readonly vaultFieldsCleared: number;
}

export interface RosterApplyOptions {
  /** Columns the file names: a column it lacks leaves the stored value alone on re-import. */
  readonly columns: ReadonlySet<string>;
  readonly onProgress?: (done: number, total: number) => void;
  /** The access-log entry for the import, appended in the same transaction when a log is wired. */
  readonly logEntry?: (counts: RosterCounts) => NewAccessLogEntry;
  /**
   * Every imported person as stored before (null: created by this import) and after, in the
   * import's transaction, so newcomers can be asked for consent there. Called only by a store
   * wired with the consent ledger and the outbox.
   */
  readonly onboarded?: (people: readonly RosterChange[], ports: PromptPorts) => Promise<void>;
}

export interface RosterChange {
  readonly before: Employee | null;
  readonly after: Employee;
}

/** Where a validated roster goes: everything in one transaction, upserting by employee no. */
export interface RosterStore {
  context(): Promise<RosterContext>;
  apply(entries: readonly RosterEntry[], options: RosterApplyOptions): Promise<RosterCounts>;
}
