import { fork, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DingTalkEmulator } from '../../bot/emulator/emulator-server.js';
import { cardSign, robotSign } from '../../bot/receivers/signature.js';
import { freshDatabase, POSTGRES_URL, type TestDatabase } from '../support/databases.js';
import { ROOT, TSX_IMPORT } from '../support/server-process.js';

/**
 * Three server processes on one PostgreSQL database (the README's multi-instance deployment):
 * callbacks spread over all three are each processed once; every scheduled job fired on all three
 * at the same moment runs once for that tick (job_runs row or transaction-scoped advisory lock);
 * the access log that all three appended to is one chain that `boundary audit verify` accepts
 * against the shared checkpoint file.
 */
const CLIENT_ID = 'ding-multi';
const CLIENT_SECRET = 'multi-instance-client-secret';
const CARD_SECRET = 'multi-instance-card-secret';

interface Instance {
  child: ChildProcess;
  port: number;
  lines: string[];
}

describe.skipIf(!POSTGRES_URL)('several instances on one PostgreSQL', () => {
  let tdb: TestDatabase;
  let env: Record<string, string>;
  const emulator = new DingTalkEmulator({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET });
  const instances: Instance[] = [];
  let nextId = 1;

  const sql = async <T = Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> => {
    const c = new pg.Client({ connectionString: tdb.url });
    await c.connect();
    try {
      return (await c.query(text, params)).rows as T[];
    } finally {
      await c.end();
    }
  };
  const checkpoints = (): Array<{ seq: number }> =>
    existsSync(env.AUDIT_CHECKPOINT_FILE!) ? readFileSync(env.AUDIT_CHECKPOINT_FILE!, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as { seq: number }) : [];

  const startInstance = async (): Promise<Instance> => {
    const child = fork(resolve(import.meta.dirname, 'instance-process.ts'), [], { env: { PATH: process.env.PATH ?? '', ...env }, execArgv: ['--import', TSX_IMPORT], stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
    const lines: string[] = [];
    child.stdout!.on('data', (c: Buffer) => lines.push(...c.toString().split('\n').filter(Boolean)));
    child.stderr!.on('data', (c: Buffer) => lines.push(...c.toString().split('\n').filter(Boolean)));
    const port = await new Promise<number>((ok, fail) => {
      const timer = setTimeout(() => fail(new Error(`instance did not start:\n${lines.join('\n')}`)), 90_000);
      child.on('message', (m: { port?: number }) => m.port && (clearTimeout(timer), ok(m.port)));
      child.once('exit', (code) => fail(new Error(`instance exited ${code}:\n${lines.join('\n')}`)));
    });
    return { child, port, lines };
  };

  /** Fires one job's tick on every instance at once and waits for all of them. */
  const tickEverywhere = (job: string) =>
    Promise.all(
      instances.map(
        (i) =>
          new Promise<void>((ok, fail) => {
            const id = nextId++;
            const onMessage = (m: { id?: number; ran?: string; error?: string }) => {
              if (m.id !== id) return;
              i.child.off('message', onMessage);
              if (m.error) fail(new Error(m.error));
              else ok();
            };
            i.child.on('message', onMessage);
            i.child.send({ run: job, id });
          }),
      ),
    );

  beforeAll(async () => {
    tdb = await freshDatabase('postgresql');
    await emulator.start();
    env = {
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'info',
      DATABASE_URL: tdb.databaseUrl,
      BOUNDARY_DATA_DIR: join(tdb.dir, 'data'),
      AUDIT_CHECKPOINT_FILE: join(tdb.dir, 'shared', 'audit-checkpoints.jsonl'),
      AUDIT_CHECKPOINT_EVERY_ENTRIES: '1',
      DINGTALK_CLIENT_ID: CLIENT_ID,
      DINGTALK_CLIENT_SECRET: CLIENT_SECRET,
      DINGTALK_CORP_ID: 'ding-multi-corp',
      DINGTALK_AGENT_ID: '42',
      DINGTALK_API_BASE: emulator.baseUrl,
      DINGTALK_OAPI_BASE: emulator.baseUrl,
      DINGTALK_CARD_TEMPLATE_ID: 'multi.schema',
      DINGTALK_CARD_CALLBACK_SECRET: CARD_SECRET,
      BOUNDARY_MASTER_KEY: randomBytes(32).toString('base64'),
      AUDIT_SIGNING_KEY: randomBytes(32).toString('base64'),
      PUBLIC_BASE_URL: 'http://hr.multi.test',
      SMTP_URL: 'smtp://127.0.0.1:9',
      MAIL_FROM: 'hr@multi.test',
    };
    const cli = (...args: string[]) => spawnSync(process.execPath, ['--import', TSX_IMPORT, resolve(ROOT, 'scripts/cli.ts'), ...args], { cwd: tdb.dir, env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8' });
    const seeded = cli('seed', '--force');
    expect(seeded.status, seeded.stderr).toBe(0);
    // All three start together: migrations and start-up must not trip over each other.
    instances.push(...(await Promise.all([startInstance(), startInstance(), startInstance()])));
  }, 240_000);

  afterAll(async () => {
    await Promise.all(instances.map((i) => new Promise<void>((r) => (i.child.exitCode !== null ? r() : (i.child.once('exit', () => r()), i.child.kill('SIGTERM'))))));
    await emulator.stop();
    await tdb?.drop();
  });

  it('spreads callbacks over the three instances; each message is stored and processed once, and every user gets one reply', async () => {
    for (const i of instances) {
      const body = await (await fetch(`http://127.0.0.1:${i.port}/readyz`)).json();
      expect(body, JSON.stringify(body)).toMatchObject({ status: 'ready', database: 'postgresql' });
    }
    const users = Array.from({ length: 60 }, (_, i) => `u-multi-${i}`);
    const served = new Map<number, number>();
    const statuses = await Promise.all(
      users.map(async (u, n) => {
        const port = instances[n % instances.length]!.port;
        const ts = String(Date.now());
        const session = emulator.openSession(u);
        const body = JSON.stringify({ msgtype: 'text', text: { content: 'help' }, msgId: `multi-${u}`, createAt: Date.now(), conversationType: '1', conversationId: 'cid-m', senderStaffId: u, robotCode: CLIENT_ID, sessionWebhook: session.url, sessionWebhookExpiredTime: session.expiresAt });
        // Each message is delivered twice, to two different instances (a platform retry).
        const first = await fetch(`http://127.0.0.1:${port}/dingtalk/robot`, { method: 'POST', headers: { 'content-type': 'application/json', timestamp: ts, sign: robotSign(ts, CLIENT_SECRET) }, body });
        const second = await fetch(`http://127.0.0.1:${instances[(n + 1) % instances.length]!.port}/dingtalk/robot`, { method: 'POST', headers: { 'content-type': 'application/json', timestamp: ts, sign: robotSign(ts, CLIENT_SECRET) }, body });
        served.set(port, (served.get(port) ?? 0) + 1);
        return [first.status, second.status];
      }),
    );
    expect(statuses.flat().every((s) => s === 200)).toBe(true);
    expect([...served.values()]).toEqual([20, 20, 20]);
    const ts = String(Date.now());
    const presses = await Promise.all(
      instances.map((i) =>
        fetch(`http://127.0.0.1:${i.port}/dingtalk/card`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-ddpaas-signature-timestamp': ts, 'x-ddpaas-signature': cardSign(ts, CARD_SECRET) },
          body: JSON.stringify({ type: 'actionCallback', outTrackId: 'multi-card', userId: 'u-multi-card', corpId: 'ding-multi-corp', content: JSON.stringify({ cardPrivateData: { actionIds: ['set_locale'], params: { locale: 'en' } } }) }),
        }).then((r) => r.status),
      ),
    );
    expect(presses).toEqual([200, 200, 200]);
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline && !users.every((u) => emulator.state.conversation(u).some((e) => e.from === 'bot'))) await new Promise((r) => setTimeout(r, 200));
    await new Promise((r) => setTimeout(r, 1500));
    expect(users.map((u) => emulator.state.conversation(u).filter((e) => e.from === 'bot').length)).toEqual(users.map(() => 1));
    expect(emulator.state.conversation('u-multi-card').filter((e) => e.from === 'bot')).toHaveLength(1);
    const [inbox] = await sql<{ n: string }>("select count(*) as n from messaging_inbox where msg_id like 'multi-%'");
    expect(Number(inbox!.n)).toBe(60);
    expect(await sql("select dedupe_key from messaging_outbox where dedupe_key like 'reply:multi-%' group by dedupe_key having count(*) > 1")).toEqual([]);
    expect(await sql("select count(*) as n from messaging_card_actions where out_track_id = 'multi-card'")).toEqual([{ n: '1' }]);
  }, 120_000);

  it('runs each scheduled job once per tick when the tick fires on all three instances at once', async () => {
    await tickEverywhere('contact.expire');
    const ticks = await sql<{ tick: string; n: string }>("select tick, count(*) as n from job_runs where job = 'contact.expire' group by tick");
    expect(ticks.length).toBeGreaterThanOrEqual(1);
    expect(ticks.every((t) => t.n === '1')).toBe(true);

    // Scheduled departures: one instance claims the minute, the others skip (no double departure).
    await tickEverywhere('offboarding.depart-due');
    // Log lines travel over stdout, which may arrive after the IPC answer: wait for them.
    const departRuns = () => instances.flatMap((i) => i.lines.filter((l) => l.includes('"scheduled departures"')));
    for (let waited = 0; departRuns().length === 0 && waited < 5000; waited += 50) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 300));
    expect(departRuns()).toHaveLength(1);
    expect(await sql("select count(*) as n from job_runs where job = 'offboarding.depart-due'")).toEqual([{ n: '1' }]);

    await tickEverywhere('retention.purge');
    const purges = await sql<{ subject_id: string; fields: string; n: string }>("select subject_id, fields, count(*) as n from access_log where action = 'purge' group by subject_id, fields");
    expect(purges.length).toBeGreaterThan(0); // the seed's long-gone people (2 and 3 years) have expired fields
    expect(purges.filter((p) => p.n !== '1')).toEqual([]);
    const logged = instances.map((i) => i.lines.filter((l) => l.includes('"retention purge"')).map((l) => JSON.parse(l) as { status: string; purged: number }));
    const purgedTotal = logged.flat().reduce((a, r) => a + (r.purged ?? 0), 0);
    expect(purgedTotal).toBe(new Set(purges.map((p) => p.subject_id)).size);

    // The purge wrote access-log entries: the head gets signed once, however many instances tick
    // (cron's own minute tick may be the one that signs it; no head is ever signed twice).
    await tickEverywhere('audit.checkpoint');
    const signed = () => checkpoints().map((c) => c.seq);
    const [head] = await sql<{ seq: string }>('select max(seq) as seq from access_log');
    expect(signed().at(-1)).toBe(Number(head!.seq));
    const count = signed().length;
    await tickEverywhere('audit.checkpoint'); // nothing new since: nobody signs again
    expect(signed()).toHaveLength(count);
    expect(new Set(signed()).size).toBe(count);
  }, 150_000);

  it('keeps one linear access-log chain that verifies against the shared checkpoint file', async () => {
    const [gaps] = await sql<{ n: string; min: string; max: string }>('select count(*) as n, min(seq) as min, max(seq) as max from access_log');
    expect(Number(gaps!.n)).toBeGreaterThan(0);
    expect(Number(gaps!.max) - Number(gaps!.min) + 1).toBe(Number(gaps!.n));
    const verify = spawnSync(process.execPath, ['--import', TSX_IMPORT, resolve(ROOT, 'scripts/cli.ts'), 'audit', 'verify'], { cwd: tdb.dir, env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8' });
    expect(verify.status, verify.stdout + verify.stderr).toBe(0);
    expect(verify.stdout).toMatch(/^ok: \d+ entries verified/);
    expect(verify.stdout).not.toMatch(/ 0 checkpoints matched/);
  }, 120_000);
});
