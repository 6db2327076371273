import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Database } from '../../storage/database.js';
import { MikroTransactor } from '../../storage/unit-of-work.js';
import { recordsRepositoryFactories } from '../../storage/records/index.js';
import { accessLogFactory } from '../../storage/audit/mikro-access-log.repository.js';
import { outboxFactory } from '../../storage/messaging/mikro-outbox.repository.js';
import { offboardingRepositoryFactories, ShredSecretStore, ShreddableKeyRing } from '../../storage/retention/index.js';
import { FixedClock } from '../../core/shared/clock.port.js';
import { SequentialIds } from '../../core/shared/ids.port.js';
import { employee, TEST_DEPARTMENTS } from '../../core/testing/test-company.js';
import { DEFAULT_CATALOG } from '../../core/records/default-catalog.js';
import type { Employee } from '../../core/records/employee.js';
import type { FieldValue } from '../../core/records/field-catalog.js';
import type { OffboardingDeps } from '../../core/offboarding/offboarding-support.js';
import { freshDatabase, type TestDatabase, type TestDriver } from '../support/databases.js';

export const TIMEZONE = 'Asia/Shanghai';

/** Canary values of the leaver: recognisable in any byte dump, log or message. */
export const CANARY: ReadonlyMap<string, FieldValue> = new Map<string, FieldValue>([
  ['personal_phone', '13912340001'],
  ['personal_email', 'canary.leaver@home.example'],
  ['home_address', 'CANARY-ADDR 北京市海淀区离职路1号'],
  ['birthday', '1991-02-03'],
  ['id_number', '110101199102030011'],
  ['salary', 'CANARY-SALARY-31415'],
  ['bank_account', '6222000011112222333'],
  ['emergency_contacts', [{ name: 'CANARY紧急联系人', relation: '母亲', phone: '13700009999' }]],
]);

export interface OffboardingDb {
  readonly tdb: TestDatabase;
  db: Database;
  readonly clock: FixedClock;
  readonly masterKey: Buffer;
  secrets: ShredSecretStore;
  keyring: ShreddableKeyRing;
  transactor: MikroTransactor;
  readonly deps: OffboardingDeps;
  readonly people: { hr: Employee; head: Employee; leaver: Employee; colleague: Employee };
  count(table: string, where?: string, params?: unknown[]): Promise<number>;
  reopen(): Promise<void>;
  close(): Promise<void>;
}

export function buildTransactor(db: Database, clock: FixedClock, keyring: ShreddableKeyRing, prefix = 'o'): MikroTransactor {
  return new MikroTransactor(
    { db, clock, ids: new SequentialIds(prefix), keyring },
    { ...recordsRepositoryFactories, accessLog: accessLogFactory, outbox: outboxFactory, ...offboardingRepositoryFactories },
  );
}

/**
 * A migrated database with the application's repositories (records, access log, outbox,
 * offboarding, consent, retention), the shreddable key ring with its secrets file next to the
 * database, the test departments, HR, 研发部's head, a colleague, and the leaver with canary values.
 */
export async function offboardingDb(driver: TestDriver, now: Date): Promise<OffboardingDb> {
  const tdb = await freshDatabase(driver);
  const masterKey = randomBytes(32);
  const clock = new FixedClock(now);
  const open = async () => {
    const db = await Database.open({ driver, url: tdb.url, poolMax: 4 });
    const secrets = new ShredSecretStore(join(tdb.dir, 'shred-keys.sqlite'));
    const keyring = new ShreddableKeyRing(masterKey, [], secrets);
    return { db, secrets, keyring, transactor: buildTransactor(db, clock, keyring) };
  };
  const first = await open();
  await first.db.migrate();
  const people = {
    hr: employee({ id: 'e-hr', name: '赵敏', departmentId: 'd-hr', roles: ['employee', 'hr_admin'], employeeNo: 'E-HR' }),
    head: employee({ id: 'e-head', name: '王强', departmentId: 'd-rd', roles: ['employee', 'dept_head'], employeeNo: 'E-HEAD' }),
    leaver: employee({ id: 'e-leaver', name: '张伟', departmentId: 'd-rd', managerId: 'e-head', employeeNo: 'E-LEAVER', hireDate: '2020-04-01' }),
    colleague: employee({ id: 'e-li', name: '李娜', departmentId: 'd-rd', managerId: 'e-head', employeeNo: 'E-LI' }),
  };
  await first.transactor.run(async (uow) => {
    for (const d of Object.values(TEST_DEPARTMENTS)) await uow.departments.save(d);
    for (const p of Object.values(people)) await uow.employees.save({ ...p, version: 0 });
    await uow.vault.write(people.leaver.id, CANARY, DEFAULT_CATALOG);
    await uow.vault.write(people.colleague.id, new Map([['personal_phone', '13800000002']]), DEFAULT_CATALOG);
  });
  const h: OffboardingDb = {
    tdb,
    ...first,
    clock,
    masterKey,
    deps: {
      get tx() {
        return h.transactor;
      },
      clock,
      ids: new SequentialIds('c'),
      timezone: TIMEZONE,
    },
    people,
    async count(table, where, params = []) {
      const rows = await h.db.fork().getConnection().execute(`select count(*) as n from ${table}${where ? ` where ${where}` : ''}`, params, 'all');
      return Number((rows as { n: number | string }[])[0]?.n ?? 0);
    },
    async reopen() {
      await h.db.close();
      h.secrets.close();
      Object.assign(h, await open());
    },
    async close() {
      await h.db.close();
      h.secrets.close();
      await tdb.drop();
    },
  };
  return h;
}
