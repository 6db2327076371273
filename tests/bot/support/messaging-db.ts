import { randomBytes } from 'node:crypto';
import { Database } from '../../../storage/database.js';
import { MikroTransactor } from '../../../storage/unit-of-work.js';
import { KeyRing } from '../../../storage/crypto/key-ring.js';
import { recordsRepositoryFactories } from '../../../storage/records/index.js';
import { accessLogFactory } from '../../../storage/audit/mikro-access-log.repository.js';
import { outboxFactory } from '../../../storage/messaging/mikro-outbox.repository.js';
import { MikroMessagingTransactor } from '../../../storage/messaging/mikro-messaging-transactor.js';
import { FixedClock } from '../../../core/shared/clock.port.js';
import { SequentialIds } from '../../../core/shared/ids.port.js';
import { employee, TEST_DEPARTMENTS } from '../../../core/testing/test-company.js';
import type { Employee } from '../../../core/records/employee.js';
import { freshDatabase, type TestDatabase, type TestDriver } from '../../support/databases.js';

export interface MessagingDb {
  readonly tdb: TestDatabase;
  readonly db: Database;
  readonly clock: FixedClock;
  readonly transactor: MikroTransactor;
  readonly tx: MikroMessagingTransactor;
  readonly li: Employee;
  count(table: string, where?: string): Promise<number>;
  close(): Promise<void>;
}

/** A migrated database with the real repositories, two departments and Li (dingtalk user `user_lina`). */
export async function messagingDb(driver: TestDriver, now = new Date('2026-06-15T02:00:00Z')): Promise<MessagingDb> {
  return messagingDbAt(driver, undefined, now);
}

/** Same, at a given SQLite path (e.g. a demo server's data file) instead of a fresh database. */
export async function messagingDbAt(driver: TestDriver, path: string | undefined, now = new Date('2026-06-15T02:00:00Z')): Promise<MessagingDb> {
  const tdb = path ? { driver, url: path, databaseUrl: path, dir: '', drop: async () => {} } : await freshDatabase(driver);
  const db = await Database.open({ driver, url: tdb.url, poolMax: 4 });
  await db.migrate();
  const clock = new FixedClock(now);
  const transactor = new MikroTransactor(
    { db, clock, ids: new SequentialIds('m'), keyring: new KeyRing(randomBytes(32)) },
    { ...recordsRepositoryFactories, accessLog: accessLogFactory, outbox: outboxFactory },
  );
  const li = employee({ id: 'e-li', name: '李娜', departmentId: 'd-rd', dingtalkUserId: 'user_lina' });
  await transactor.run(async (uow) => {
    await uow.departments.save(TEST_DEPARTMENTS.root);
    await uow.departments.save(TEST_DEPARTMENTS.rd);
    await uow.employees.save(li);
  });
  return {
    tdb,
    db,
    clock,
    transactor,
    tx: new MikroMessagingTransactor(db, transactor),
    li,
    async count(table, where = '1=1') {
      const rows = (await db.fork().getConnection().execute(`select count(*) as n from ${table} where ${where}`)) as Array<{ n: unknown }>;
      return Number(rows[0]!.n);
    },
    async close() {
      await db.close();
      await tdb.drop();
    },
  };
}
