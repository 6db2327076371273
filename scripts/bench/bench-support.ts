import { spawn, type ChildProcess } from 'node:child_process';
import { Agent, request } from 'node:http';
import { createInterface } from 'node:readline';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir, cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { randomUUID } from 'node:crypto';
import { robotSign } from '../../bot/receivers/signature.js';

export const ROOT = resolve(import.meta.dirname, '../..');

/** One line per figure: name, value, unit, and the target or baseline it is compared with. */
export function report(title: string, rows: Array<[string, string | number, string?]>): void {
  process.stdout.write(`\n== ${title}\n`);
  for (const [name, value, note] of rows)
    process.stdout.write(`  ${name.padEnd(44)} ${String(value).padStart(14)}${note ? `   ${note}` : ''}\n`);
}

export function machine(): string {
  return `${cpus().length} cores (${cpus()[0]?.model ?? 'cpu'}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}`;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export const tempDir = (label: string) => mkdtempSync(join(tmpdir(), `boundary-bench-${label}-`));

export interface BenchServer {
  readonly child: ChildProcess;
  readonly port: number;
  readonly baseUrl: string;
  readonly startedMs: number;
  stop(): Promise<void>;
}

/** Starts the built server (dist/) as a real process and resolves when it listens. */
export async function startBuiltServer(env: Record<string, string>, cwd: string): Promise<BenchServer> {
  const entry = resolve(ROOT, 'dist/scripts/cli.js');
  const args = [entry, 'serve'];
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, args, {
    cwd,
    env: { PATH: process.env.PATH ?? '', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const port = await new Promise<number>((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`server did not start:\n${lines.join('\n')}`)), 60_000);
    const onLine = (l: string) => {
      lines.push(l);
      if (l.includes('"boundary listening"')) {
        clearTimeout(timer);
        ok(JSON.parse(l).port as number);
      }
    };
    createInterface({ input: child.stdout! }).on('line', onLine);
    createInterface({ input: child.stderr! }).on('line', onLine);
    child.once('exit', (c) => fail(new Error(`server exited ${c}:\n${lines.join('\n')}`)));
  });
  return {
    child,
    port,
    baseUrl: `http://127.0.0.1:${port}`,
    startedMs: Number(process.hrtime.bigint() - started) / 1e6,
    stop: () =>
      new Promise<void>((r) => {
        if (child.exitCode !== null) return r();
        child.once('exit', () => r());
        child.kill('SIGTERM');
      }),
  };
}

/** Resident set size of a process in MiB, from /proc (Linux). */
export function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const m = /VmRSS:\s+(\d+) kB/.exec(status);
  return m ? Number(m[1]) / 1024 : NaN;
}

export const tsxLoader = () => pathToFileURL(resolve(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;

/**
 * A robot callback signed as DingTalk signs it (timestamp + "\n" + secret), with a fresh msgId,
 * for load generators: each call is one genuine, never-seen message from `senderStaffId`.
 */
export function signedRobotCallback(secret: string, senderStaffId: string): { headers: Record<string, string>; body: string } {
  const ts = String(Date.now());
  return {
    headers: { 'content-type': 'application/json; charset=utf-8', timestamp: ts, sign: robotSign(ts, secret) },
    body: JSON.stringify({
      msgtype: 'text',
      text: { content: '帮助' },
      msgId: `msg${randomUUID()}`,
      createAt: Date.now(),
      conversationType: '1',
      conversationId: 'cid-bench',
      senderId: '$:LWCP_v1:$bench',
      senderStaffId,
      robotCode: 'bench',
      sessionWebhook: 'https://oapi.dingtalk.com/robot/sendBySession?session=bench',
      sessionWebhookExpiredTime: Date.now() + 5_400_000,
    }),
  };
}

export interface OpenLoopFigures {
  readonly sent: number;
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  readonly non2xx: number;
  readonly errors: number;
}

/**
 * POSTs at a fixed rate, evenly spaced and open loop, until stopped: request i is due at
 * start + i/rate whether or not earlier answers came back, and its latency counts from when it
 * was due, so a stalled server shows in every request it delayed. (autocannon's `overallRate`
 * sends each connection's per-second quota in a burst and pads its histogram with synthetic
 * samples; see the webhook bench.)
 */
export function openLoopLoad(port: number, path: string, rate: number, body: () => { headers: Record<string, string>; body: string }): { stop(): Promise<OpenLoopFigures> } {
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const latencies: number[] = [];
  const inFlight = new Set<Promise<void>>();
  let non2xx = 0;
  let errors = 0;
  let sent = 0;
  let stopped = false;
  const start = performance.now() + 20;
  const send = (due: number) => {
    const b = body();
    const p = new Promise<void>((done) => {
      const req = request({ host: '127.0.0.1', port, path, method: 'POST', agent, headers: { ...b.headers, 'content-length': Buffer.byteLength(b.body) } }, (res) => {
        res.resume();
        res.on('end', () => {
          if (res.statusCode! >= 200 && res.statusCode! < 300) latencies.push(performance.now() - due);
          else non2xx += 1;
          done();
        });
      });
      req.on('error', () => {
        errors += 1;
        done();
      });
      req.end(b.body);
    }).finally(() => inFlight.delete(p));
    inFlight.add(p);
  };
  const loop = (async () => {
    while (!stopped) {
      const due = start + (sent * 1000) / rate;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      if (stopped) break;
      sent += 1;
      send(due);
    }
  })();
  return {
    async stop() {
      stopped = true;
      const ended = performance.now();
      await loop;
      await Promise.all([...inFlight]);
      agent.destroy();
      const sorted = latencies.sort((a, b) => a - b);
      const r = (x: number) => Math.round(x * 10) / 10;
      return { sent, rps: sent / ((ended - start) / 1000), p50: r(percentile(sorted, 50)), p99: r(percentile(sorted, 99)), max: r(sorted[sorted.length - 1] ?? NaN), non2xx, errors };
    },
  };
}
