import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { randomUUID } from 'node:crypto';
import { claimJobTick, finishJobTick } from '../../../storage/contact/job-ticks.js';
import { KeyRing } from '../../../storage/crypto/key-ring.js';
import type { AppModule, AppServices } from './module.js';
import { requireService } from './module.js';
import type { Config } from '../config.js';
import type { Transactor } from '../../../core/shared/unit-of-work.port.js';
import { departDue } from '../../../core/offboarding/depart-employee.use-case.js';
import { purgeExpired, type PurgeReport } from '../../../core/retention/purge-expired.use-case.js';
import type { Database } from '../../../storage/database.js';
import { compactSqlite } from '../../../storage/records/compact.js';
import { ShredSecretStore, ShreddableKeyRing } from '../../../storage/retention/index.js';
import type { Logger } from '../logger.js';
import type { Clock } from '../../../core/shared/clock.port.js';

export { offboardingRepositoryFactories } from '../../../storage/retention/index.js';

/**
 * The application's key ring: master keys from config plus, where configured, the shred
 * secrets file next to (never inside) the database. Every ring that opens the vault must be
 * this one (a plain KeyRing cannot open a key that has a secret). Without a file (PostgreSQL
 * default) data keys are wrapped by the master key alone, so every instance can open them.
 */
export function keyRingFor(config: Pick<Config, 'masterKey' | 'retiredMasterKeys' | 'shredKeysFile'>): KeyRing {
  if (!config.shredKeysFile) return new KeyRing(config.masterKey, config.retiredMasterKeys);
  mkdirSync(dirname(config.shredKeysFile), { recursive: true });
  return new ShreddableKeyRing(config.masterKey, config.retiredMasterKeys, new ShredSecretStore(config.shredKeysFile));
}

/** One purge run, then the SQLite WAL checkpointed and truncated so no erased page lingers in -wal. */
export async function runPurge(
  deps: { tx: Transactor; clock: Clock; db: Database },
  options: { dryRun?: boolean; batchSize?: number } = {},
): Promise<PurgeReport> {
  const report = await purgeExpired({ tx: deps.tx, clock: deps.clock }, options);
  if (!report.dryRun && report.keysDestroyed + report.anonymised > 0) await compactSqlite(deps.db);
  return report;
}

export const logPurge = (log: Logger, r: PurgeReport): void =>
  log.info(
    { status: r.status, examined: r.examined, purged: r.purged, fieldsErased: r.fieldsErased, keysDestroyed: r.keysDestroyed, anonymised: r.anonymised, held: r.held.length, notices: r.noticesQueued },
    'retention purge',
  );

const deps = (s: AppServices) => ({
  tx: requireService<Transactor>(s, 'transactor'),
  clock: s.clock,
  ids: s.ids,
  timezone: s.config.timezone,
});

const DEPART_JOB = 'offboarding.depart-due';
const INSTANCE_ID = randomUUID();

/** Scheduled offboarding work, in BOUNDARY_TIMEZONE (the scheduler's zone). */
export const offboardingModule: AppModule = {
  name: 'offboarding',
  jobs(s) {
    return [
      {
        // Late on the last day, so the person is still "pending" for the whole of it.
        name: DEPART_JOB,
        schedule: '55 23 * * *',
        run: async () => {
          // Every instance fires at the same minute; the first to claim (job, minute) departs people.
          const now = s.clock.now();
          const tick = new Date(Math.floor(now.getTime() / 60_000) * 60_000).toISOString();
          if (!(await claimJobTick(s.db, DEPART_JOB, tick, INSTANCE_ID, now))) return;
          const r = await departDue(deps(s));
          await finishJobTick(s.db, DEPART_JOB, tick, s.clock.now());
          s.log.info({ departed: r.departed.length, failed: r.failed.length }, 'scheduled departures');
        },
      },
      {
        // Every instance schedules it; the advisory lock lets one purge at a time (PostgreSQL).
        name: 'retention.purge',
        schedule: '30 3 * * *',
        run: async () => logPurge(s.log, await runPurge({ ...deps(s), db: s.db })),
      },
    ];
  },
};
