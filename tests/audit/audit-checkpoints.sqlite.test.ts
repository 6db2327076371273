import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MINUTE_MS } from '../../core/shared/clock.port.js';
import { SequentialIds } from '../../core/shared/ids.port.js';
import { checkpointIfDue } from '../../storage/audit/access-log-checkpoints.js';
import { loadConfig } from '../../scripts/app/config.js';
import { createLogger } from '../../scripts/app/logger.js';
import { auditModule, AUDIT_SERVICE, type AuditServices } from '../../scripts/app/modules/audit.module.js';
import type { AppServices } from '../../scripts/app/modules/module.js';
import { TEST_SEED, testClock } from './audit-fixtures.js';
import { openAuditDb, type AuditDb } from './audit-db.js';

describe('scheduled checkpoints on sqlite', () => {
  let a: AuditDb;
  beforeEach(async () => {
    a = await openAuditDb('sqlite');
  });
  afterEach(async () => a?.close());

  it('signs after N new entries or after M minutes with new entries, and never for an idle log', async () => {
    const clock = testClock();
    const deps = { ...a.deps, clock };
    const policy = { everyEntries: 5, everyMinutes: 10 };
    expect(await checkpointIfDue(deps, policy)).toBeNull(); // empty log
    await a.appendSamples(1, 3);
    expect(await checkpointIfDue(deps, policy)).toMatchObject({ seq: 3, kind: 'periodic' }); // never checkpointed before
    await a.appendSamples(4, 6);
    expect(await checkpointIfDue(deps, policy)).toBeNull(); // 3 new, 0 minutes
    clock.advance(10 * MINUTE_MS);
    expect(await checkpointIfDue(deps, policy)).toMatchObject({ seq: 6 });
    await a.appendSamples(7, 11);
    expect(await checkpointIfDue(deps, policy)).toMatchObject({ seq: 11 }); // 5 new entries
    clock.advance(60 * MINUTE_MS);
    expect(await checkpointIfDue(deps, policy)).toBeNull(); // nothing new
    expect(a.deps.file.read().map((c) => c?.seq)).toEqual([3, 6, 11]);
    expect((await a.verify()).checkpointsMatched).toBe(3);
  });

  it('the audit module schedules the checkpoint job and publishes search, export, verify and checkpoint', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'boundary-audit-module-'));
    try {
      const { config } = loadConfig({
        DATABASE_URL: a.tdb.url,
        BOUNDARY_DATA_DIR: dir,
        AUDIT_SIGNING_KEY: TEST_SEED.toString('base64'),
        AUDIT_CHECKPOINT_FILE: a.deps.file.path,
        AUDIT_CHECKPOINT_EVERY_ENTRIES: '2',
      });
      const services: AppServices = {
        config,
        log: createLogger('silent'),
        db: a.db,
        clock: testClock(),
        ids: new SequentialIds(),
        registry: new Map(),
      };
      await auditModule.init?.(services);
      const jobs = auditModule.jobs?.(services) ?? [];
      expect(jobs.map((j) => [j.name, j.schedule])).toEqual([
        ['audit.checkpoint', '* * * * *'],
        ['audit.retention', '30 3 * * *'],
      ]);
      await a.appendSamples(1, 4);
      await jobs[0]!.run(new AbortController().signal);
      await jobs[1]!.run(new AbortController().signal); // nothing is ten years old: a no-op
      expect(a.deps.file.read().map((c) => c?.seq)).toEqual([4]);
      const audit = services.registry.get(AUDIT_SERVICE) as AuditServices;
      expect((await audit.verify()).ok).toBe(true);
      expect((await audit.reader().search({ limit: 2 })).entries.map((e) => e.seq)).toEqual([4, 3]);
      expect(typeof services.registry.get('whoViewedMyData')).toBe('function');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
