import type { Transactor, UnitOfWork } from '../shared/unit-of-work.port.js';
import { InMemoryAccessLog } from './in-memory-access-log.js';
import { InMemoryCatalog } from './in-memory-catalog.js';
import { InMemoryDepartments } from './in-memory-departments.js';
import { InMemoryEmployees } from './in-memory-employees.js';
import { InMemoryGrants } from './in-memory-grants.js';
import { InMemoryOutbox } from './in-memory-outbox.js';
import { InMemoryVault } from './in-memory-vault.js';
import type { InMemoryConsentLedger } from './in-memory-consent-ledger.js';

/** Every port of the unit of work, as in-memory fakes the tests can inspect. */
export interface InMemoryStores {
  readonly employees: InMemoryEmployees;
  readonly departments: InMemoryDepartments;
  readonly catalog: InMemoryCatalog;
  readonly vault: InMemoryVault;
  readonly grants: InMemoryGrants;
  readonly accessLog: InMemoryAccessLog;
  readonly outbox: InMemoryOutbox;
  /** Optional: built over `employees` by the tests that need it (`new InMemoryConsentLedger(stores.employees)`). */
  readonly consents?: InMemoryConsentLedger;
}

export function inMemoryStores(partial: Partial<InMemoryStores> = {}): InMemoryStores {
  const departments = partial.departments ?? new InMemoryDepartments();
  return {
    departments,
    employees: partial.employees ?? new InMemoryEmployees([], departments),
    catalog: partial.catalog ?? new InMemoryCatalog(),
    vault: partial.vault ?? new InMemoryVault(),
    grants: partial.grants ?? new InMemoryGrants(),
    accessLog: partial.accessLog ?? new InMemoryAccessLog(),
    outbox: partial.outbox ?? new InMemoryOutbox(),
  };
}

/**
 * Runs work against the in-memory stores one transaction at a time. If the work throws, every
 * store is put back as it was (like a rollback); a returned value, including an error Result,
 * commits — as with the database transactor.
 */
export class InMemoryTransactor implements Transactor {
  private queue: Promise<unknown> = Promise.resolve();
  /** Replace to inject faults: the unit of work handed to the next `run`s. */
  unitOfWork: () => UnitOfWork;
  runs = 0;

  constructor(readonly stores: InMemoryStores) {
    this.unitOfWork = () => stores;
  }

  run<T>(work: (uow: UnitOfWork) => Promise<T>): Promise<T> {
    const next = this.queue.then(async () => {
      this.runs += 1;
      const all = Object.values(this.stores) as { snapshot(): unknown; restore(s: unknown): void }[];
      const saved = all.map((s) => s.snapshot());
      try {
        return await work(this.unitOfWork());
      } catch (e) {
        all.forEach((s, i) => s.restore(saved[i]));
        throw e;
      }
    });
    this.queue = next.catch(() => undefined);
    return next;
  }
}
