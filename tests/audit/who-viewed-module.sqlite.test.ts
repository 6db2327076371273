import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SequentialIds } from '../../core/shared/ids.port.js';
import type { Transactor } from '../../core/shared/unit-of-work.port.js';
import { employee, TEST_DEPARTMENTS } from '../../core/testing/test-company.js';
import { loadConfig } from '../../scripts/app/config.js';
import { createLogger } from '../../scripts/app/logger.js';
import { auditModule, AUDIT_SERVICE, type AuditServices } from '../../scripts/app/modules/audit.module.js';
import type { AppServices } from '../../scripts/app/modules/module.js';
import { platformModule } from '../../scripts/app/modules/platform.module.js';
import type { WhoViewedMyData } from '../../bot/commands/who-viewed.command.js';
import { sampleEntry, TEST_SEED, testClock } from './audit-fixtures.js';
import { openAuditDb, type AuditDb } from './audit-db.js';

/** The wired service on a real SQLite file (one pooled connection: nesting would deadlock). */
describe('who viewed my data, wired on sqlite', () => {
  let a: AuditDb;
  let dir: string;
  let services: AppServices;
  beforeAll(async () => {
    a = await openAuditDb('sqlite');
    dir = mkdtempSync(join(tmpdir(), 'boundary-who-viewed-'));
    const { config } = loadConfig({ DATABASE_URL: a.tdb.url, BOUNDARY_DATA_DIR: dir, AUDIT_SIGNING_KEY: TEST_SEED.toString('base64') });
    services = { config, log: createLogger('silent'), db: a.db, clock: testClock(), ids: new SequentialIds(), registry: new Map() };
    await platformModule.init?.(services);
    await auditModule.init?.(services);
    const tx = services.registry.get('transactor') as Transactor;
    await tx.run(async (uow) => {
      for (const d of [TEST_DEPARTMENTS.root, TEST_DEPARTMENTS.hr, TEST_DEPARTMENTS.rd]) await uow.departments.save(d);
      await uow.employees.save(employee({ id: 'e-hr', name: '赵敏', departmentId: 'd-hr', roles: ['employee', 'hr_admin'] }));
      await uow.employees.save(employee({ id: 'e-li', name: '李娜', departmentId: 'd-rd' }));
    });
    await a.append(sampleEntry(1, { actorId: 'e-hr', actorRole: 'hr_admin', subjectId: 'e-li', justification: '他说张三欠钱不还' }));
    await a.append(sampleEntry(2, { actorId: 'e-li', actorRole: 'employee', subjectId: 'e-li' }));
  });
  afterAll(async () => {
    await a?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists who looked, with role and department, for the mini-app and the bot', async () => {
    const audit = services.registry.get(AUDIT_SERVICE) as AuditServices;
    const page = await audit.whoViewed('e-li', { limit: 10 });
    expect(page?.views.map((v) => [v.seq, v.viewer, v.viewerRole, v.viewerDepartment])).toEqual([[1, '赵敏', 'hr_admin', '人力资源部']]);
    const forBot = services.registry.get('whoViewedMyData') as WhoViewedMyData;
    // The bot calls it inside the inbox worker's transaction: it must read through that one
    // (a second transaction would wait forever for SQLite's single connection).
    const tx = services.registry.get('transactor') as Transactor;
    const records = await tx.run((uow) => forBot('e-li', 10, uow));
    expect(records.map((r) => r.who)).toEqual(['人力资源部 · 赵敏 (hr_admin)']);
    expect(JSON.stringify(records)).not.toContain('欠钱');
  });
});
