import { randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/knex';
import { Database } from '../../../storage/database.js';
import { KeyRing } from '../../../storage/crypto/key-ring.js';
import { recordsRepositoryFactories } from '../../../storage/records/index.js';
import type { StorageContext } from '../../../storage/unit-of-work.js';
import { FixedClock } from '../../../core/shared/clock.port.js';
import { SequentialIds } from '../../../core/shared/ids.port.js';
import { freshDatabase, type TestDatabase, type TestDriver } from '../../support/databases.js';

type Factories = typeof recordsRepositoryFactories;
export type RecordsRepos = { [K in keyof Factories]: ReturnType<Factories[K]> };

/** A migrated fresh database with the records repositories bound per transaction. */
export class RecordsHarness {
  private constructor(
    readonly tdb: TestDatabase,
    readonly db: Database,
    public ctx: StorageContext & { clock: FixedClock },
  ) {}

  static async open(driver: TestDriver, masterKey = randomBytes(32)): Promise<RecordsHarness> {
    const tdb = await freshDatabase(driver);
    const db = await Database.open({ driver, url: tdb.url });
    await db.migrate();
    const ctx = { db, clock: new FixedClock(new Date('2025-06-01T08:00:00Z')), ids: new SequentialIds('k'), keyring: new KeyRing(masterKey) };
    return new RecordsHarness(tdb, db, ctx);
  }

  /** Swaps the key ring (a restart with other master keys); the cache starts empty. */
  useKeyRing(keyring: KeyRing): void {
    this.ctx = { ...this.ctx, keyring };
  }

  bind(em: EntityManager): RecordsRepos {
    const f = recordsRepositoryFactories;
    return {
      employees: f.employees(em, this.ctx),
      departments: f.departments(em),
      catalog: f.catalog(em, this.ctx),
      vault: f.vault(em, this.ctx),
      grants: f.grants(em, this.ctx),
    };
  }

  run<T>(work: (r: RecordsRepos, em: EntityManager) => Promise<T>): Promise<T> {
    return this.db.fork().transactional((em) => work(this.bind(em as unknown as EntityManager), em as unknown as EntityManager));
  }

  async close(): Promise<void> {
    await this.db.close();
    await this.tdb.drop();
  }
}
