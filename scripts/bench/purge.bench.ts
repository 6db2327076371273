/**
 * Retention purge under load (`npx tsx scripts/bench/purge.bench.ts`):
 *   1. a fresh SQLite database with 100,000 former employees, all past every deadline, each
 *      with three key scopes (emergency, personal contact, identity/finance) holding one
 *      ciphertext each, and their shred secrets in the key file (bulk SQL: the purge never
 *      decrypts, so the bytes are random);
 *   2. a server process (the server's middleware, the signed robot webhook with its group-commit
 *      inbox, and the application transactor with the shreddable key ring) that runs the purge
 *      on request, in its own event loop and on its own database connection;
 *   3. signed webhook callbacks at a fixed rate (evenly spaced, open loop: latency counts from
 *      each request's due time) for exactly as long as the purge runs. Prints the purge time and
 *      the webhook p99 during it, against the targets.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import BetterSqlite from 'better-sqlite3';
import Koa from 'koa';
import { Database } from '../../storage/database.js';
import { GroupCommitInboxWriter, sqliteInboxSink } from '../../storage/messaging/group-commit-inbox-writer.js';
import { MikroTransactor } from '../../storage/unit-of-work.js';
import { recordsRepositoryFactories } from '../../storage/records/index.js';
import { accessLogFactory } from '../../storage/audit/mikro-access-log.repository.js';
import { outboxFactory } from '../../storage/messaging/mikro-outbox.repository.js';
import { offboardingRepositoryFactories, ShredSecretStore, ShreddableKeyRing } from '../../storage/retention/index.js';
import { RandomIds, SystemClock } from '../../storage/system.js';
import { TEST_DEPARTMENTS } from '../../core/testing/test-company.js';
import { RobotReceiver } from '../../bot/receivers/robot-receiver.js';
import { bodyReader } from '../app/http/body.js';
import { errorHandler, InFlight, requestId, securityHeaders } from '../app/http/middleware.js';
import { createLogger } from '../app/logger.js';
import { runPurge } from '../app/modules/offboarding.module.js';
import { machine, openLoopLoad, report, tempDir, signedRobotCallback } from './bench-support.js';

const PEOPLE = Number(process.env.BENCH_PEOPLE ?? 100_000);
const RATE = Number(process.env.BENCH_RATE ?? 200);
const SECRET = 'bench-robot-secret';
const SCOPES = [
  ['emergency', 'emergency_contacts'],
  ['personal_contact', 'personal_phone'],
  ['identity_finance', 'id_number'],
] as const;

/** 100,000 expired former employees by bulk SQL (one transaction), plus their shred secrets. */
async function generate(dir: string, masterKey: Buffer): Promise<string> {
  const file = join(dir, 'bench.sqlite');
  const db = await Database.open({ driver: 'sqlite', url: file });
  await db.migrate();
  await db.close();
  const conn = new BetterSqlite(file);
  conn.pragma('journal_mode = WAL');
  const departed = new Date(Date.now() - 5 * 365 * 86_400_000).toISOString();
  const lastDay = departed.slice(0, 10);
  const dept = conn.prepare('insert into departments (id, name, parent_id, path, head_employee_id) values (?, ?, ?, ?, ?)');
  const emp = conn.prepare(
    `insert into employees (id, employee_no, name, department_id, title, status, roles, hire_date, last_day, reason_category, departed_at, final_pay_date, version)
     values (?, ?, ?, 'd-rd', '工程师', 'departed', '["employee"]', '2015-03-01', ?, 'career', ?, ?, 1)`,
  );
  const key = conn.prepare('insert into data_keys (id, employee_id, scope, kek_id, wrapped_key, created_at) values (?, ?, ?, ?, ?, ?)');
  const val = conn.prepare('insert into field_values (employee_id, field, data_key_id, ciphertext, updated_at) values (?, ?, ?, ?, ?)');
  const secrets: Array<[string, Buffer]> = [];
  const kek = new ShreddableKeyRing(masterKey, [], new ShredSecretStore(join(dir, 'unused.sqlite'))).currentKekId;
  conn.transaction(() => {
    for (const d of [TEST_DEPARTMENTS.root, TEST_DEPARTMENTS.rd]) dept.run(d.id, d.name, d.parentId, d.path, null);
    for (let i = 0; i < PEOPLE; i++) {
      const id = `p${String(i).padStart(7, '0')}`;
      emp.run(id, `B${i}`, `前员工${i}`, lastDay, departed, lastDay);
      for (const [scope, field] of SCOPES) {
        const keyId = `${id}-${scope}`;
        key.run(keyId, id, scope, kek, randomBytes(92), departed);
        val.run(id, field, keyId, randomBytes(64), departed);
        secrets.push([keyId, randomBytes(32)]);
      }
    }
  })();
  conn.pragma('wal_checkpoint(TRUNCATE)');
  conn.close();
  const store = new ShredSecretStore(join(dir, 'shred-keys.sqlite'));
  store.putMany(secrets);
  store.close();
  return file;
}

/** The server side: webhook + purge-on-request, in one process like `serve`. */
async function serve(dir: string, masterKey: Buffer): Promise<void> {
  const db = await Database.open({ driver: 'sqlite', url: join(dir, 'bench.sqlite'), checkpointInBackground: true });
  const clock = new SystemClock();
  const keyring = new ShreddableKeyRing(masterKey, [], new ShredSecretStore(join(dir, 'shred-keys.sqlite')));
  const tx = new MikroTransactor(
    { db, clock, ids: new RandomIds(), keyring },
    { ...recordsRepositoryFactories, accessLog: accessLogFactory, outbox: outboxFactory, ...offboardingRepositoryFactories },
  );
  const robot = new RobotReceiver({ secret: SECRET, windowMs: 3_600_000, inbox: new GroupCommitInboxWriter(sqliteInboxSink(db)), now: () => Date.now() });
  const app = new Koa({ proxy: true });
  app.silent = true;
  app.use(new InFlight().middleware());
  app.use(requestId(createLogger('silent')));
  app.use(securityHeaders());
  app.use(errorHandler());
  app.use(bodyReader());
  app.use(async (ctx) => {
    if (ctx.path === '/purge') {
      const t0 = performance.now();
      const r = await runPurge({ tx, clock, db });
      ctx.body = { seconds: (performance.now() - t0) / 1000, purged: r.purged, keys: r.keysDestroyed, anonymised: r.anonymised, status: r.status };
      return;
    }
    const r = await robot.handle({ header: (n) => ctx.get(n) || undefined, rawBody: (ctx.request as unknown as { rawBody: Buffer }).rawBody });
    ctx.status = r.status;
    ctx.body = r.body;
  });
  // A clean exit on SIGINT lets `node --cpu-prof` write its profile (BENCH_PROFILE_DIR).
  process.once('SIGINT', () => process.exit(0));
  const server = app.listen(0, '127.0.0.1', () => process.stdout.write(`PORT ${(server.address() as { port: number }).port}\n`));
}

const robotBody = () => signedRobotCallback(SECRET, 'user_bench');
const hitWebhook = (port: number) => openLoopLoad(port, '/dingtalk/robot', RATE, robotBody);

async function main(): Promise<void> {
  const dir = tempDir('purge');
  const masterKey = randomBytes(32);
  process.stdout.write(`purge bench on ${machine()}: ${PEOPLE.toLocaleString('en')} expired former employees, webhook at ${RATE} req/s\n`);
  const g0 = performance.now();
  await generate(dir, masterKey);
  const generated = (performance.now() - g0) / 1000;

  const tsx = pathToFileURL(resolve(import.meta.dirname, '../../node_modules/tsx/dist/loader.mjs')).href;
  const profile = process.env.BENCH_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`] : [];
  const child = spawn(process.execPath, [...profile, '--import', tsx, import.meta.filename, '--serve', dir, masterKey.toString('base64')], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const port = await new Promise<number>((ok, fail) => {
      createInterface({ input: child.stdout! }).on('line', (l) => l.startsWith('PORT ') && ok(Number(l.slice(5))));
      child.once('exit', (c) => fail(new Error(`bench server exited ${c}`)));
    });
    const warm = hitWebhook(port); // baseline (and warm-up) without the purge
    await new Promise((r) => setTimeout(r, 3_000));
    const idle = await warm.stop();
    const load = hitWebhook(port);
    const res = await fetch(`http://127.0.0.1:${port}/purge`, { method: 'POST' });
    const purge = (await res.json()) as { seconds: number; purged: number; keys: number; anonymised: number; status: string };
    const during = await load.stop();
    report(`retention purge of ${PEOPLE.toLocaleString('en')} expired former employees (SQLite, in the server process)`, [
      ['generated (bulk SQL)', `${generated.toFixed(1)} s`],
      ['purge: status / people / keys / anonymised', `${purge.status} / ${purge.purged} / ${purge.keys} / ${purge.anonymised}`],
      ['purge time', `${purge.seconds.toFixed(1)} s`, 'target ≤ 20 s'],
      ['webhook idle: p50 / p99 / max ms', `${idle.p50} / ${idle.p99} / ${idle.max}`],
      ['webhook during the purge: req/s sent', during.rps.toFixed(0), `fixed ${RATE} req/s, evenly spaced`],
      ['webhook during the purge: p50 / p99 ms', `${during.p50} / ${during.p99}`, 'target p99 ≤ 100 ms'],
      ['webhook during the purge: max ms', during.max],
      ['webhook during the purge: non-2xx / errors', `${during.non2xx} / ${during.errors}`],
    ]);
  } finally {
    if (profile.length) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGINT');
      await exited;
    } else child.kill('SIGKILL');
  }
}

if (process.argv[2] === '--serve') await serve(process.argv[3]!, Buffer.from(process.argv[4]!, 'base64'));
else await main();
