import { randomBytes } from 'node:crypto';
import { Database } from '../../../storage/database.js';
import { MikroTransactor } from '../../../storage/unit-of-work.js';
import { KeyRing } from '../../../storage/crypto/key-ring.js';
import { recordsRepositoryFactories } from '../../../storage/records/index.js';
import { accessLogFactory } from '../../../storage/audit/mikro-access-log.repository.js';
import { outboxFactory } from '../../../storage/messaging/mikro-outbox.repository.js';
import { contactStoreFactory } from '../../../storage/contact/index.js';
import { FixedClock } from '../../../core/shared/clock.port.js';
import { SequentialIds } from '../../../core/shared/ids.port.js';
import { freshDatabase, type TestDatabase, type TestDriver } from '../../support/databases.js';

export interface ContactDb {
  readonly tdb: TestDatabase;
  readonly db: Database;
  readonly clock: FixedClock;
  readonly ids: SequentialIds;
  readonly transactor: MikroTransactor;
  raw(sql: string, params?: unknown[]): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

/**
 * A migrated database with the real repositories, including the contact store. Built here
 * because the application's composition root may not list the contact factory yet.
 */
export async function contactDb(driver: TestDriver, now = new Date('2026-06-15T02:00:00Z')): Promise<ContactDb> {
  const tdb = await freshDatabase(driver);
  const db = await Database.open({ driver, url: tdb.url, poolMax: 4 });
  await db.migrate();
  const clock = new FixedClock(now);
  const ids = new SequentialIds('c');
  const transactor = new MikroTransactor(
    { db, clock, ids, keyring: new KeyRing(randomBytes(32)) },
    { ...recordsRepositoryFactories, accessLog: accessLogFactory, outbox: outboxFactory, contacts: contactStoreFactory(randomBytes(32)) },
  );
  return {
    tdb,
    db,
    clock,
    ids,
    transactor,
    async raw(sql, params = []) {
      return (await db.fork().getConnection().execute(sql, params)) as Record<string, unknown>[];
    },
    async close() {
      await db.close();
      await tdb.drop();
    },
  };
}
