import { decide } from '../../core/access/access-policy.js';
import { revealFields } from '../../core/access/reveal-fields.use-case.js';
import { viewRecord } from '../../core/access/view-record.use-case.js';
import { buildTestCompany } from '../../core/testing/test-company.js';
import { loadConfig } from '../app/config.js';
import { createLogger } from '../app/logger.js';
import { startServer } from '../app/server.js';
import type { Transactor } from '../../core/shared/unit-of-work.port.js';
import { PLATFORM_SERVICES } from '../app/modules/platform.module.js';
import { machine, percentile, report, tempDir } from './bench-support.js';
import { join } from 'node:path';

/**
 * The reveal decision rate, three ways in one run: the pure `decide()` (the policy alone), the
 * whole reveal use case on in-memory ports, and the whole reveal on a real SQLite file through
 * the application's transactor (decision + access-log append + vault decrypt, one transaction).
 */
export async function runRevealBench(options: { iterations?: number; storageReveals?: number } = {}): Promise<void> {
  const iterations = options.iterations ?? 200_000;
  const storageReveals = options.storageReveals ?? 2_000;
  const company = await buildTestCompany();
  const hr = company.people.hr;
  const zhou = company.people.zhou;
  const catalog = await company.tx.run((u) => u.catalog.current());
  const departments = new Map(Object.values(company.departments).map((d) => [d.id, d] as const));
  const request = {
    actor: hr,
    subject: zhou,
    fields: ['bank_account', 'id_number'],
    purpose: 'payroll_social_insurance',
    justification: '三月工资发放银行账户核对',
    catalog,
    departments,
    now: company.clock.now(),
  };
  let t0 = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) decide(request);
  const decideRate = iterations / (Number(process.hrtime.bigint() - t0) / 1e9);

  // The in-memory transactor snapshots every store per transaction (real rollback), so its cost
  // grows with the log: a few hundred runs show the use case's own overhead, not the fake's.
  const n = Math.min(iterations, 300);
  t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) {
    const r = await revealFields(company.deps, { actorId: 'e-hr', subjectId: 'e-zhou', fields: ['bank_account'], purpose: 'payroll_social_insurance', justification: '三月工资发放银行账户核对', channel: 'api' });
    if (!r.ok) throw new Error(`reveal refused: ${JSON.stringify(r.error)}`);
  }
  const memoryRate = n / (Number(process.hrtime.bigint() - t0) / 1e9);

  // The real thing: demo company on a fresh SQLite file, through the composition root's transactor.
  const dir = tempDir('reveal');
  const { config } = loadConfig({ PORT: '0', HOST: '127.0.0.1', BOUNDARY_DATA_DIR: join(dir, 'data'), DATABASE_URL: join(dir, 'data', 'b.sqlite'), LOG_LEVEL: 'silent' });
  const server = await startServer(config, createLogger('silent'));
  try {
    const tx = server.services.registry.get(PLATFORM_SERVICES.transactor) as Transactor;
    const [hrId, liId] = await tx.run(async (u) => [(await u.employees.getByEmployeeNo('BD031'))!.id, (await u.employees.getByEmployeeNo('BD003'))!.id]);
    const deps = { tx, clock: server.services.clock, ids: server.services.ids };
    const latencies: number[] = [];
    const started = process.hrtime.bigint();
    for (let i = 0; i < storageReveals; i++) {
      const s = process.hrtime.bigint();
      const r = await revealFields(deps, { actorId: hrId, subjectId: liId, fields: ['bank_account', 'id_number'], purpose: 'payroll_social_insurance', justification: '三月工资发放银行账户核对', channel: 'api' });
      if (!r.ok) throw new Error(`reveal refused: ${JSON.stringify(r.error)}`);
      latencies.push(Number(process.hrtime.bigint() - s) / 1e6);
    }
    const storageRate = storageReveals / (Number(process.hrtime.bigint() - started) / 1e9);
    latencies.sort((a, b) => a - b);
    const view = await viewRecord(deps, { actorId: hrId, subjectId: liId, channel: 'api' });
    if (!view.ok) throw new Error('view refused');
    report(`reveal decisions — ${machine()}`, [
      ['decide() alone', `${Math.round(decideRate).toLocaleString('en')} /s`, `${(1e6 / decideRate).toFixed(1)} µs each`],
      ['reveal use case, in-memory ports', `${Math.round(memoryRate).toLocaleString('en')} /s`, `${((memoryRate / decideRate) * 100).toFixed(1)}% of decide()`],
      ['reveal on SQLite (decide + log + decrypt)', `${Math.round(storageRate).toLocaleString('en')} /s`, `${((storageRate / decideRate) * 100).toFixed(2)}% of decide()`],
      ['reveal on SQLite p50 / p99', `${percentile(latencies, 50).toFixed(2)} / ${percentile(latencies, 99).toFixed(2)} ms`],
    ]);
  } finally {
    await server.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await runRevealBench({ iterations: Number(process.argv[2] ?? 200_000), storageReveals: Number(process.argv[3] ?? 2_000) });
  process.exit(0);
}
