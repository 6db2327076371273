/**
 * Webhook throughput, in one run (`npx tsx scripts/bench/webhook.bench.ts`):
 *   1. bare Koa answering a JSON hello,
 *   2. the signed robot webhook path as the server runs it (the server's middleware, signature
 *      check, group-commit inbox insert on a fresh SQLite file, 200 after commit),
 *   3. the same path with a dedicated better-sqlite3 connection as the inbox sink (comparison),
 * each under autocannon with 50 connections for ~10 s, then card callbacks at a fixed 200 req/s
 * (evenly spaced, open loop: see fixedRate). Servers run in a child process so the load
 * generator does not share their event loop. With BENCH_POSTGRES_URL set (a database the user
 * may create databases from), the webhook and card servers each run on a fresh PostgreSQL database.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import autocannon from 'autocannon';
import { pino } from 'pino';
import pg from 'pg';
import Koa from 'koa';
import BetterSqlite from 'better-sqlite3';
import type { InboxBatchSink } from '../../storage/messaging/group-commit-inbox-writer.js';
import { cardSign } from '../../bot/receivers/signature.js';
import { machine, openLoopLoad, report, tempDir, signedRobotCallback } from './bench-support.js';

const SECRET = 'bench-robot-secret';
const CARD_SECRET = 'bench-card-secret-0123456789';
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);

const ROOT = resolve(import.meta.dirname, '../..');

/**
 * The product's modules as production runs them: compiled, from dist/ (`npm start` runs
 * `node dist/scripts/cli.js serve`; main() builds it first), or the TypeScript sources under
 * tsx when there is no build (BENCH_FROM_SOURCE=1 forces that). Under tsx every closure a
 * request creates is also wrapped to keep its name, which costs the webhook a few per cent.
 */
async function product<T>(source: string): Promise<T> {
  const built = join(ROOT, 'dist', source.replace(/\.ts$/, '.js'));
  const fromDist = process.env.BENCH_FROM_SOURCE !== '1' && existsSync(built);
  return (await import(pathToFileURL(fromDist ? built : join(ROOT, source)).href)) as T;
}

async function productModules() {
  const [database, inbox, messagingTx, uow, keyRing, records, accessLog, outbox, system, company, robot, card, runner, dispatcher, commands, body, middleware, logger] =
    await Promise.all([
      product<typeof import('../../storage/database.js')>('storage/database.ts'),
      product<typeof import('../../storage/messaging/group-commit-inbox-writer.js')>('storage/messaging/group-commit-inbox-writer.ts'),
      product<typeof import('../../storage/messaging/mikro-messaging-transactor.js')>('storage/messaging/mikro-messaging-transactor.ts'),
      product<typeof import('../../storage/unit-of-work.js')>('storage/unit-of-work.ts'),
      product<typeof import('../../storage/crypto/key-ring.js')>('storage/crypto/key-ring.ts'),
      product<typeof import('../../storage/records/index.js')>('storage/records/index.ts'),
      product<typeof import('../../storage/audit/mikro-access-log.repository.js')>('storage/audit/mikro-access-log.repository.ts'),
      product<typeof import('../../storage/messaging/mikro-outbox.repository.js')>('storage/messaging/mikro-outbox.repository.ts'),
      product<typeof import('../../storage/system.js')>('storage/system.ts'),
      product<typeof import('../../core/testing/test-company.js')>('core/testing/test-company.ts'),
      product<typeof import('../../bot/receivers/robot-receiver.js')>('bot/receivers/robot-receiver.ts'),
      product<typeof import('../../bot/receivers/card-receiver.js')>('bot/receivers/card-receiver.ts'),
      product<typeof import('../../bot/dispatcher/card-action-runner.js')>('bot/dispatcher/card-action-runner.ts'),
      product<typeof import('../../bot/dispatcher/dispatcher.js')>('bot/dispatcher/dispatcher.ts'),
      product<typeof import('../../bot/commands/index.js')>('bot/commands/index.ts'),
      product<typeof import('../app/http/body.js')>('scripts/app/http/body.ts'),
      product<typeof import('../app/http/middleware.js')>('scripts/app/http/middleware.ts'),
      product<typeof import('../app/logger.js')>('scripts/app/logger.ts'),
    ]);
  return {
    ...database, ...inbox, ...messagingTx, ...uow, ...keyRing, ...records, ...accessLog, ...outbox, ...system, ...company,
    ...robot, ...card, ...runner, ...dispatcher, ...commands, ...body, ...middleware, ...logger,
  };
}

type Product = Awaited<ReturnType<typeof productModules>>;

/** The server's own middleware chain, so the webhook is measured as it runs in production. */
function serverApp({ InFlight, requestId, createLogger, securityHeaders, errorHandler, bodyReader }: Product): Koa {
  const app = new Koa({ proxy: true });
  app.silent = true;
  app.use(new InFlight().middleware());
  // The production level: nothing is written for an accepted callback.
  app.use(requestId(createLogger('info', pino.destination('/dev/null'))));
  app.use(securityHeaders());
  app.use(errorHandler());
  app.use(bodyReader());
  return app;
}

/** A dedicated better-sqlite3 connection (same file, same pragmas) writing each batch in one transaction. */
function directSink(file: string, { SQLITE_PRAGMAS }: Product): InboxBatchSink {
  const conn = new BetterSqlite(file);
  for (const p of SQLITE_PRAGMAS) conn.pragma(p);
  const insert = conn.prepare(
    'insert into messaging_inbox (msg_id, transport, received_at, payload, next_attempt_at) values (?, ?, ?, ?, ?) on conflict (msg_id) do nothing',
  );
  const many = conn.transaction((batch: Parameters<InboxBatchSink>[0]) => {
    const inserted = new Set<string>();
    for (const m of batch) if (insert.run(m.msgId, m.transport, m.receivedAt, m.payload, m.receivedAt).changes === 1) inserted.add(m.msgId);
    return inserted;
  });
  return async (batch) => many.immediate(batch);
}

async function serve(kind: string): Promise<void> {
  let app: Koa;
  const m = await productModules();
  const { Database, SystemClock, MikroTransactor, RandomIds, KeyRing, recordsRepositoryFactories, accessLogFactory, outboxFactory, TEST_DEPARTMENTS, employee } = m;
  const { CardActionRunner, MikroMessagingTransactor, Dispatcher, botListeners, CardReceiver, mikroInboxSink, inboxSinkFor, RobotReceiver, GroupCommitInboxWriter } = m;
  if (kind === 'bare') {
    app = new Koa();
    app.use((ctx) => {
      ctx.body = { hello: 'world' };
    });
  } else {
    const pgUrl = process.env.BENCH_DATABASE_URL;
    const file = join(tempDir(kind), 'bench.sqlite');
    const db = await Database.open(pgUrl ? { driver: 'postgresql', url: pgUrl } : { driver: 'sqlite', url: file, checkpointInBackground: true });
    await db.migrate();
    app = serverApp(m);
    const now = () => Date.now();
    if (kind === 'card') {
      const clock = new SystemClock();
      const transactor = new MikroTransactor(
        { db, clock, ids: new RandomIds(), keyring: new KeyRing(randomBytes(32)) },
        { ...recordsRepositoryFactories, accessLog: accessLogFactory, outbox: outboxFactory },
      );
      await transactor.run(async (uow) => {
        await uow.departments.save(TEST_DEPARTMENTS.root);
        await uow.departments.save(TEST_DEPARTMENTS.rd);
        for (let i = 0; i < CARD_USERS; i++)
          await uow.employees.save(employee({ id: `e-${i}`, name: `员工${i}`, departmentId: 'd-rd', dingtalkUserId: `user_${i}` }));
      });
      const runner = new CardActionRunner({
        tx: new MikroMessagingTransactor(db, transactor),
        dispatcher: new Dispatcher(botListeners({})),
        clock,
        settings: { miniappUrl: 'http://localhost/app/', timezone: 'Asia/Shanghai', defaultLocale: 'zh-CN' },
      });
      const card = new CardReceiver({ secret: CARD_SECRET, now, run: (cb) => runner.run(cb) });
      app.use(async (ctx) => {
        const r = await card.handle({ header: (n) => ctx.get(n) || undefined, rawBody: (ctx.request as unknown as { rawBody: Buffer }).rawBody });
        ctx.status = r.status;
        ctx.body = r.body;
      });
    } else {
      const sink = kind === 'webhook-direct' ? directSink(file, m) : kind === 'webhook-raw' ? mikroInboxSink(db) : inboxSinkFor(db);
      const robot = new RobotReceiver({ secret: SECRET, windowMs: 3_600_000, inbox: new GroupCommitInboxWriter(sink), now });
      app.use(async (ctx) => {
        if (ctx.path !== '/dingtalk/robot') return;
        const r = await robot.handle({ header: (n) => ctx.get(n) || undefined, rawBody: (ctx.request as unknown as { rawBody: Buffer }).rawBody });
        ctx.status = r.status;
        ctx.body = r.body;
      });
    }
  }
  // A clean exit on SIGINT lets `node --cpu-prof` write its profile.
  process.once('SIGINT', () => process.exit(0));
  const server = app.listen(0, '127.0.0.1', () => {
    process.stdout.write(`PORT ${(server.address() as { port: number }).port}\n`);
  });
}

/** BENCH_POSTGRES_URL (e.g. postgres://postgres@127.0.0.1:5432/test) runs the servers on PostgreSQL. */
const POSTGRES_URL = process.env.BENCH_POSTGRES_URL;
const benchDatabases: string[] = [];

/** A fresh PostgreSQL database per bench server (dropped at the end), or undefined for SQLite. */
async function freshPostgres(): Promise<string | undefined> {
  if (!POSTGRES_URL) return undefined;
  const name = `boundary_bench_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  benchDatabases.push(name);
  const url = new URL(POSTGRES_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

async function dropBenchDatabases(): Promise<void> {
  if (!POSTGRES_URL || !benchDatabases.length) return;
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  for (const name of benchDatabases.splice(0)) await admin.query(`drop database if exists ${name} with (force)`);
  await admin.end();
}

async function startChild(kind: string): Promise<{ port: number; pid: number; stop: () => void }> {
  const tsx = pathToFileURL(resolve(import.meta.dirname, '../../node_modules/tsx/dist/loader.mjs')).href;
  const url = kind === 'bare' ? undefined : await freshPostgres();
  const env = { ...process.env, ...(url ? { BENCH_DATABASE_URL: url } : {}) };
  const child = spawn(process.execPath, ['--import', tsx, import.meta.filename, '--serve', kind], { stdio: ['ignore', 'pipe', 'inherit'], env });
  const port = await new Promise<number>((ok, fail) => {
    createInterface({ input: child.stdout! }).on('line', (l) => l.startsWith('PORT ') && ok(Number(l.slice(5))));
    child.once('exit', (c) => fail(new Error(`bench server ${kind} exited ${c}`)));
  });
  return { port, pid: child.pid!, stop: () => child.kill('SIGKILL') };
}

interface Figures {
  rps: number;
  /** Requests answered (for CPU per request). */
  total?: number;
  /** The server process's CPU time (all its threads) per request, in µs (measureInterleaved only). */
  cpuUs?: number;
  /** req/s of each interleaved slice, in order (measureInterleaved only). */
  slices?: number[];
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

async function load(port: number, path: string, options: Partial<autocannon.Options> & { body?: () => { headers: Record<string, string>; body: string } }): Promise<Figures> {
  const { body, ...rest } = options;
  const result = await autocannon({
    url: `http://127.0.0.1:${port}${path}`,
    connections: 50,
    duration: DURATION,
    method: 'POST',
    ...(body
      ? {
          requests: [
            {
              setupRequest: (req: Record<string, unknown>) => {
                const b = body();
                return { ...req, method: 'POST', path, headers: b.headers, body: b.body };
              },
            },
          ],
        }
      : {}),
    ...rest,
  } as autocannon.Options);
  return { rps: result.requests.average, total: result.requests.total, p50: result.latency.p50, p99: result.latency.p99, non2xx: result.non2xx, errors: result.errors };
}

/**
 * Card presses rotate over this many people: 200 presses a second by one person would all update
 * one employee row, which PostgreSQL's concurrent transactions refuse as edit conflicts.
 */
const CARD_USERS = 50;

const robotBody = () => signedRobotCallback(SECRET, 'user_lina');

let pressNo = 0;
function cardBody(): { headers: Record<string, string>; body: string } {
  const ts = String(Date.now());
  pressNo += 1;
  return {
    headers: { 'content-type': 'application/json', 'x-ddpaas-signature-timestamp': ts, 'x-ddpaas-signature': cardSign(ts, CARD_SECRET) },
    body: JSON.stringify({
      type: 'actionCallback',
      outTrackId: `card-${pressNo}`,
      userId: `user_${pressNo % CARD_USERS}`,
      corpId: 'ding-bench',
      content: JSON.stringify({ cardPrivateData: { actionIds: ['set_locale'], params: { locale: Math.floor(pressNo / CARD_USERS) % 2 ? 'en' : 'zh-CN' } } }),
    }),
  };
}

/**
 * Card presses at a fixed rate, evenly spaced and open loop (`openLoopLoad`: latency counts from
 * each request's due time). autocannon's `overallRate` is not that: each connection fires its
 * whole per-second quota back to back at the top of every second, and its coordinated-omission
 * correction adds a synthetic sample per millisecond of every slower answer, so its p99 is of
 * neither requests nor a steady 200 req/s.
 */
async function fixedRate(
  port: number,
  path: string,
  rate: number,
  seconds: number,
  body: () => { headers: Record<string, string>; body: string },
): Promise<Figures & { max: number }> {
  const load = openLoopLoad(port, path, rate, body);
  await new Promise((r) => setTimeout(r, seconds * 1000));
  return load.stop();
}

/**
 * CPU time (user + system, all threads) a process has used, in µs, from /proc (Linux; NaN
 * elsewhere). Per request it is steadier than req/s on a shared machine and tells which side is
 * busy: a server well below one core per second is limited by the load generator, not itself.
 */
function cpuMicros(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1e6) / CLOCK_TICKS;
  } catch {
    return NaN;
  }
}

/** USER_HZ: 100 on every Linux this runs on (getconf CLK_TCK). */
const CLOCK_TICKS = 100;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/**
 * This machine is shared: to compare like with like, the configurations are measured in
 * alternating slices (bare, webhook, …, bare, webhook, …) and each figure is the mean req/s
 * and the median p50/p99 over its slices.
 */
async function measureInterleaved(
  runs: Array<{ kind: string; path: string; options: Parameters<typeof load>[2] }>,
  rounds: number,
): Promise<Figures[]> {
  const children = await Promise.all(runs.map((r) => startChild(r.kind)));
  try {
    const slices: Figures[][] = runs.map(() => []);
    const cpuUs = runs.map(() => 0);
    for (let i = 0; i < runs.length; i++) await load(children[i]!.port, runs[i]!.path, { ...runs[i]!.options, duration: 2 }); // warm-up
    for (let round = 0; round < rounds; round++)
      for (let i = 0; i < runs.length; i++) {
        const before = cpuMicros(children[i]!.pid);
        slices[i]!.push(await load(children[i]!.port, runs[i]!.path, { ...runs[i]!.options, duration: Math.max(1, Math.round(DURATION / rounds)) }));
        cpuUs[i]! += cpuMicros(children[i]!.pid) - before;
      }
    return slices.map((s, i) => ({
      cpuUs: cpuUs[i]! / s.reduce((a, f) => a + (f.total ?? 0), 0),
      slices: s.map((f) => f.rps),
      rps: s.reduce((a, f) => a + f.rps, 0) / s.length,
      p50: median(s.map((f) => f.p50)),
      p99: median(s.map((f) => f.p99)),
      non2xx: s.reduce((a, f) => a + f.non2xx, 0),
      errors: s.reduce((a, f) => a + f.errors, 0),
    }));
  } finally {
    for (const c of children) c.stop();
  }
}

/**
 * Builds dist/ (unless BENCH_NO_BUILD=1: `npm run bench` has just built it) so the servers run
 * the compiled code; if the build fails they run the sources, and the output says which.
 */
function codeUnderTest(): string {
  if (process.env.BENCH_FROM_SOURCE === '1') return 'TypeScript sources under tsx (BENCH_FROM_SOURCE=1)';
  if (process.env.BENCH_NO_BUILD !== '1') {
    const build = spawnSync('npm', ['run', 'build:server'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
    if (build.status !== 0) {
      process.env.BENCH_FROM_SOURCE = '1';
      return 'TypeScript sources under tsx (build:server failed)';
    }
  }
  return existsSync(join(ROOT, 'dist/storage/database.js')) ? 'compiled dist/, as npm start runs it' : 'TypeScript sources under tsx (no dist/)';
}

async function main(): Promise<void> {
  const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
  const database = POSTGRES_URL ? 'PostgreSQL' : 'SQLite';
  const code = codeUnderTest();
  process.stdout.write(`webhook bench on ${machine()}, ${database}, ${DURATION} s per configuration in ${rounds} interleaved slices, 50 connections; servers run ${code}\n`);
  // The raw-query and second-connection variants are SQLite comparisons (PostgreSQL's sink is the raw query).
  const [bare, webhook, raw, direct] = (await measureInterleaved(
    [
      { kind: 'bare', path: '/', options: { body: robotBody } },
      { kind: 'webhook', path: '/dingtalk/robot', options: { body: robotBody } },
      // BENCH_COMPARE=0 (the full `npm run bench`, which must fit 15 minutes) skips the two variants.
      ...(POSTGRES_URL || process.env.BENCH_COMPARE === '0'
        ? []
        : [
            { kind: 'webhook-raw', path: '/dingtalk/robot', options: { body: robotBody } },
            { kind: 'webhook-direct', path: '/dingtalk/robot', options: { body: robotBody } },
          ]),
    ],
    rounds,
  )) as [Figures, Figures, Figures?, Figures?];
  const cardServer = await startChild('card');
  let card: Figures & { max: number };
  try {
    await fixedRate(cardServer.port, '/dingtalk/card', 200, 2, cardBody); // warm-up
    card = await fixedRate(cardServer.port, '/dingtalk/card', 200, DURATION, cardBody);
  } finally {
    cardServer.stop();
    await dropBenchDatabases();
  }
  const row = (name: string, f: Figures): Array<[string, string | number, string?]> => [
    [`${name}: req/s`, f.rps.toFixed(0)],
    [`${name}: p50 / p99 ms`, `${f.p50} / ${f.p99}`],
    [`${name}: non-2xx / errors`, `${f.non2xx} / ${f.errors}`],
    ...(f.cpuUs !== undefined && Number.isFinite(f.cpuUs)
      ? ([[`${name}: server CPU µs per request`, f.cpuUs.toFixed(0)]] as Array<[string, string]>)
      : []),
  ];
  report('bare Koa (JSON hello)', row('bare', bare));
  report(`signed webhook → group-commit inbox → 200 on ${database} (as the server runs it${POSTGRES_URL ? ': one multi-row insert per batch' : ': prepared batch on the ORM connection'})`, [
    ...row('webhook', webhook),
    ['ratio to bare Koa', `${((webhook.rps / bare.rps) * 100).toFixed(1)} %`, 'target ≥ 50 %, p99 ≤ 25 ms'],
    // Each round pairs slices taken seconds apart: the spread shows how much the shared machine moved.
    ['ratio per round (min – max)', perRound(bare, webhook)],
  ]);
  if (raw)
    report('comparison: one multi-row raw query per batch through MikroORM', [
      ...row('raw', raw),
      ['ratio to bare Koa', `${((raw.rps / bare.rps) * 100).toFixed(0)} %`],
    ]);
  if (direct)
    report('comparison: a second, dedicated better-sqlite3 connection', [
      ...row('direct', direct),
      ['ratio to bare Koa', `${((direct.rps / bare.rps) * 100).toFixed(0)} %`],
    ]);
  report(`card callbacks on ${database} at a fixed 200 req/s, evenly spaced (verify → action in a transaction → card update)`, [
    ...row('card', card),
    ['card: max ms', card.max],
    ['p99', `${card.p99} ms`, 'target ≤ 100 ms'],
  ]);
}

function perRound(bare: Figures, other: Figures): string {
  const ratios = (other.slices ?? []).map((r, i) => (r / (bare.slices?.[i] ?? NaN)) * 100).filter(Number.isFinite);
  return ratios.length ? `${Math.min(...ratios).toFixed(1)} – ${Math.max(...ratios).toFixed(1)} %` : 'n/a';
}

/** The whole webhook bench (figures printed); BENCH_SECONDS and BENCH_ROUNDS size it. */
export const runWebhookBench = main;

const serveIndex = process.argv.indexOf('--serve');
if (serveIndex >= 0) void serve(process.argv[serveIndex + 1] ?? 'bare');
else if (import.meta.url === `file://${process.argv[1]}`)
  main().then(
    () => process.exit(0),
    (e: unknown) => {
      process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
      process.exit(1);
    },
  );
