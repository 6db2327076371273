import type { Employees, Departments, FieldCatalogStore, PersonalDataVault } from '../records/records.ports.js';
import type { AccessGrants } from '../access/access.ports.js';
import type { AccessLogBatchWriter, AccessLogReader } from '../audit/access-log.port.js';
import type { Outbox } from '../messaging/notification.js';
import type { CorrectionRequests, OffboardingCases } from '../offboarding/offboarding.port.js';
import type { ConsentLedger } from '../consent/consent.port.js';
import type { RetentionStore } from '../retention/retention.port.js';
import type { ContactStore } from '../contact/contact-store.port.js';

/**
 * The repositories of one transaction. Whatever a use case writes through them commits or
 * rolls back together — the decision, its log entry and the messages it causes.
 */
export interface UnitOfWork {
  readonly employees: Employees;
  readonly departments: Departments;
  readonly catalog: FieldCatalogStore;
  readonly vault: PersonalDataVault;
  readonly grants: AccessGrants;
  readonly accessLog: AccessLogBatchWriter;
  /** Reads the log inside the same transaction (a second transaction would wait on SQLite's one connection). */
  readonly accessLogReader?: AccessLogReader;
  readonly outbox: Outbox;
  /** Contact requests; optional until every composition includes its factory (a use case throws without it). */
  readonly contacts?: ContactStore;
  /** Offboarding, corrections, consent and retention: optional on the same terms. */
  readonly offboarding?: OffboardingCases;
  readonly corrections?: CorrectionRequests;
  readonly consents?: ConsentLedger;
  readonly retention?: RetentionStore;
}

export interface Transactor {
  run<T>(work: (uow: UnitOfWork) => Promise<T>): Promise<T>;
}

/** A unit-of-work member a use case cannot work without; missing wiring is a bug, not a refusal. */
export function required<T>(member: T | undefined, name: string): T {
  if (member === undefined) throw new Error(`unit of work has no ${name}: wire its repository factory`);
  return member;
}
