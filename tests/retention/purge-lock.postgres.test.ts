import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { purgeExpired } from '../../core/retention/purge-expired.use-case.js';
import type { Transactor, UnitOfWork } from '../../core/shared/unit-of-work.port.js';
import type { RetentionStore } from '../../core/retention/retention.port.js';
import { Database } from '../../storage/database.js';
import { PURGE_LOCK_KEY } from '../../storage/retention/index.js';
import { POSTGRES_URL } from '../support/databases.js';
import { buildTransactor, offboardingDb, type OffboardingDb } from '../offboarding/offboarding-db.js';
import { formerEmployee, seedPeople } from './expired-people.js';

const PEOPLE = 40;

/** Counts transactions that hold the purge lock, from the lock's grant until after commit. */
function lockWatch() {
  const w = { active: 0, max: 0, grants: 0 };
  const wrap = (t: Transactor): Transactor => ({
    async run<T>(work: (uow: UnitOfWork) => Promise<T>): Promise<T> {
      const mine = { held: false };
      try {
        return await t.run((uow) => {
          const inner = uow.retention!;
          const retention: RetentionStore = {
            tryLock: async () => {
              const ok = await inner.tryLock();
              if (ok) {
                mine.held = true;
                w.grants += 1;
                w.active += 1;
                w.max = Math.max(w.max, w.active);
              }
              return ok;
            },
            candidates: (a, l) => inner.candidates(a, l),
            liveScopes: (ids) => inner.liveScopes(ids),
            shred: (t) => inner.shred(t),
            anonymise: (i) => inner.anonymise(i),
            finish: () => inner.finish(),
          };
          return work(new Proxy(uow, { get: (target, prop) => (prop === 'retention' ? retention : target[prop as keyof UnitOfWork]) }));
        });
      } finally {
        if (mine.held) w.active -= 1;
      }
    },
  });
  return { w, wrap };
}

function lockSuite(): void {
  describe('two instances sharing PostgreSQL never purge concurrently', () => {
    let h: OffboardingDb;
    const now = new Date('2030-01-10T02:00:00Z');
    const ids = Array.from({ length: PEOPLE }, (_, i) => `x-${String(i).padStart(3, '0')}`);
    beforeAll(async () => {
      h = await offboardingDb('postgresql', now);
      await seedPeople(h, ids.map((id) => formerEmployee(id, now, 4 * 365)));
    });
    afterAll(async () => h?.close());

    it('while another instance holds the purge lock, a run does nothing and says so', async () => {
      const other = new pg.Client({ connectionString: h.tdb.url });
      await other.connect();
      try {
        await other.query('begin');
        await other.query('select pg_advisory_xact_lock($1::bigint)', [PURGE_LOCK_KEY]);
        const r = await purgeExpired({ tx: h.transactor, clock: h.clock });
        expect(r).toMatchObject({ status: 'locked', purged: 0 });
        expect(await h.count('data_keys', "employee_id like 'x-%'")).toBe(PEOPLE * 5); // five key scopes each, all still there
        await other.query('rollback');
      } finally {
        await other.end();
      }
    });

    it('two instances started together purge every person exactly once between them', async () => {
      const second = await Database.open({ driver: 'postgresql', url: h.tdb.url, poolMax: 4 });
      try {
        const { w, wrap } = lockWatch();
        const a = { tx: wrap(h.transactor), clock: h.clock };
        const b = { tx: wrap(buildTransactor(second, h.clock, h.keyring, 'b')), clock: h.clock };
        const [ra, rb] = await Promise.all([purgeExpired(a, { batchSize: 5 }), purgeExpired(b, { batchSize: 5 })]);
        expect(ra.purged + rb.purged).toBeLessThanOrEqual(PEOPLE);
        // Never two batch transactions holding the purge at once, though both instances ran batches.
        expect(w.grants).toBeGreaterThan(1);
        expect(w.max).toBe(1);
        // Whoever lost the lock stopped; a later run finishes anything left, and nobody is purged twice.
        await purgeExpired(a);
        const perPerson = (await h.db
          .fork()
          .getConnection()
          .execute("select subject_id, count(*) as n from access_log where action = 'purge' group by subject_id", [], 'all')) as { subject_id: string; n: string }[];
        expect(perPerson.length).toBe(PEOPLE);
        expect(perPerson.every((r) => Number(r.n) === 1)).toBe(true);
        expect(await h.count('data_keys', "employee_id like 'x-%'")).toBe(0);
        expect(await h.count('employees', "employee_no like 'X-%' and anonymised_at is not null")).toBe(PEOPLE);
      } finally {
        await second.close();
      }
    });
  });
}

if (POSTGRES_URL) lockSuite();
else describe.skip('purge lock on postgresql (set TEST_POSTGRES_URL)', () => it('skipped', () => {}));
