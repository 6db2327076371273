import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nextBatchSize, purgeExpired, TARGET_BATCH_MS } from '../../core/retention/purge-expired.use-case.js';
import type { RetentionStore } from '../../core/retention/retention.port.js';
import type { Transactor, UnitOfWork } from '../../core/shared/unit-of-work.port.js';
import { offboardingDb, type OffboardingDb } from '../offboarding/offboarding-db.js';
import { formerEmployee, seedPeople } from './expired-people.js';

describe('purge batch sizing', () => {
  it('fits the next batch to the time budget from the cost per person just measured, within bounds', () => {
    expect(TARGET_BATCH_MS).toBe(25);
    expect(nextBatchSize(100, 50)).toBe(50); // too slow: halve
    expect(nextBatchSize(100, 25)).toBe(100); // on target
    expect(nextBatchSize(100, 5)).toBe(200); // fast: at most double, though 500 would fit
    expect(nextBatchSize(100, 0)).toBe(200);
    expect(nextBatchSize(800, 1)).toBe(1000); // ceiling
    expect(nextBatchSize(10, 5_000)).toBe(10); // floor: a stalled machine still makes progress
  });
});

describe('a purge without --batch sizes its transactions by how long they take (SQLite)', () => {
  let h: OffboardingDb;
  const now = new Date('2030-01-10T02:00:00Z');
  const ids = Array.from({ length: 120 }, (_, i) => `b-${String(i).padStart(3, '0')}`);
  beforeAll(async () => {
    h = await offboardingDb('sqlite', now);
    await seedPeople(h, ids.map((id) => formerEmployee(id, now, 4 * 365)));
  });
  afterAll(async () => h?.close());

  it('shrinks a batch that took too long and still purges everyone exactly once', async () => {
    // A slow machine as the purge sees it: every person a batch reads costs 1.25 ms.
    let clockMs = 0;
    const limits: number[] = [];
    const tx: Transactor = {
      run: (work) =>
        h.transactor.run((uow) => {
          const inner = uow.retention!;
          const retention: RetentionStore = {
            tryLock: () => inner.tryLock(),
            candidates: async (after, limit) => {
              limits.push(limit);
              const found = await inner.candidates(after, limit);
              clockMs += 1.25 * found.length;
              return found;
            },
            liveScopes: (x) => inner.liveScopes(x),
            shred: (t) => inner.shred(t),
            anonymise: (a) => inner.anonymise(a),
            finish: () => inner.finish(),
          };
          return work(new Proxy(uow, { get: (target, prop) => (prop === 'retention' ? retention : target[prop as keyof UnitOfWork]) }));
        }),
    };
    const r = await purgeExpired({ tx, clock: h.clock, elapsedMs: () => clockMs });
    // 50 people took 62.5 ms → 20 per batch (25 ms) from then on; the last batch finds 10.
    expect(limits).toEqual([50, 20, 20, 20, 20]);
    expect(r).toMatchObject({ status: 'done', purged: 120, anonymised: 120 });
    expect(await h.count('access_log', "action = 'purge' and subject_id like 'b-%'")).toBe(120);
    expect(await h.count('data_keys', "employee_id like 'b-%'")).toBe(0);
  });

  it('keeps a fixed size when one is given (purge --batch N)', async () => {
    await seedPeople(h, Array.from({ length: 20 }, (_, i) => formerEmployee(`c-${String(i).padStart(3, '0')}`, now, 4 * 365)));
    const sizes: number[] = [];
    const tx: Transactor = {
      run: (work) =>
        h.transactor.run((uow) => {
          const inner = uow.retention!;
          const retention: RetentionStore = {
            tryLock: () => inner.tryLock(),
            candidates: (after, limit) => (sizes.push(limit), inner.candidates(after, limit)),
            liveScopes: (x) => inner.liveScopes(x),
            shred: (t) => inner.shred(t),
            anonymise: (a) => inner.anonymise(a),
            finish: () => inner.finish(),
          };
          return work(new Proxy(uow, { get: (target, prop) => (prop === 'retention' ? retention : target[prop as keyof UnitOfWork]) }));
        }),
    };
    const r = await purgeExpired({ tx, clock: h.clock, elapsedMs: () => 0 }, { batchSize: 7 });
    expect(r).toMatchObject({ status: 'done', purged: 20 });
    expect(sizes).toEqual([7, 7, 7]);
  });
});
