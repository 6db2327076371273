/**
 * Soak: the built server (dist/, demo mode, fresh SQLite) under signed robot webhooks at a fixed
 * rate for a fixed time, measured in one-minute slices: errors and p99 per slice, and the
 * server's RSS after the warm-up slice and at the end (target: zero errors, end RSS within 20 %
 * of warm-up RSS). `npx tsx scripts/bench/soak.bench.ts [--minutes 10] [--rate 300] [--slice-seconds 60]`
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { robotSign } from '../../bot/receivers/signature.js';
import { parseFlags } from '../commands/command.js';
import { machine, report, rssMiB, startBuiltServer, tempDir } from './bench-support.js';

export interface SoakOptions {
  readonly minutes: number;
  readonly rate: number;
  readonly sliceSeconds?: number;
}

export interface SoakSlice {
  readonly at: number;
  readonly requests: number;
  readonly errors: number;
  readonly p50: number;
  readonly p99: number;
  readonly rssMiB: number;
}

export async function runSoakBench(options: SoakOptions): Promise<{ slices: SoakSlice[]; errors: number; rssGrowth: number }> {
  const cwd = tempDir('soak');
  const server = await startBuiltServer({}, cwd);
  try {
    const secret = readFileSync(join(cwd, 'data', 'dingtalk-client.secret'), 'utf8').trim();
    const users = ['user_lina', 'user_huanglei', 'user_zhouting', 'user_yangfan', 'demo-guest'];
    let n = 0;
    const signed = () => {
      const ts = String(Date.now());
      n += 1;
      return {
        headers: { 'content-type': 'application/json; charset=utf-8', timestamp: ts, sign: robotSign(ts, secret) },
        body: JSON.stringify({
          msgtype: 'text',
          text: { content: n % 3 ? '帮助' : '我的信息' },
          msgId: `soak-${randomUUID()}`,
          createAt: Date.now(),
          conversationType: '1',
          conversationId: 'cid-soak',
          senderStaffId: users[n % users.length],
          robotCode: 'demo-client-id',
          sessionWebhook: 'http://127.0.0.1:9/robot/sendBySession?session=soak',
          sessionWebhookExpiredTime: Date.now() + 5_400_000,
        }),
      };
    };
    const sliceSeconds = options.sliceSeconds ?? 60;
    const count = Math.max(2, Math.round((options.minutes * 60) / sliceSeconds));
    const slices: SoakSlice[] = [];
    for (let i = 0; i < count; i++) {
      const r = await autocannon({
        url: `${server.baseUrl}/dingtalk/robot`,
        connections: 20,
        duration: sliceSeconds,
        overallRate: options.rate,
        requests: [{ setupRequest: (req: Record<string, unknown>) => ({ ...req, method: 'POST', path: '/dingtalk/robot', ...signed() }) }],
      });
      const requests = Math.round(r.requests.average * sliceSeconds);
      slices.push({ at: (i + 1) * sliceSeconds, requests, errors: r.errors + r.non2xx, p50: r.latency.p50, p99: r.latency.p99, rssMiB: rssMiB(server.child.pid!) });
      process.stdout.write(`  ${String((i + 1) * sliceSeconds).padStart(5)} s  ~${requests} req  errors ${r.errors + r.non2xx}  p50 ${r.latency.p50} ms  p99 ${r.latency.p99} ms  RSS ${slices.at(-1)!.rssMiB.toFixed(0)} MiB\n`);
    }
    const warm = slices[0]!.rssMiB;
    const end = slices.at(-1)!.rssMiB;
    const errors = slices.reduce((a, s) => a + s.errors, 0);
    const rssGrowth = end / warm - 1;
    report(`soak: signed webhooks at ${options.rate} req/s for ${(count * sliceSeconds) / 60} min against dist/ — ${machine()}`, [
      ['errors (non-2xx + socket)', errors, 'target 0'],
      ['p99 per slice, worst / median', `${Math.max(...slices.map((s) => s.p99))} / ${[...slices.map((s) => s.p99)].sort((a, b) => a - b)[Math.floor(slices.length / 2)]} ms`],
      ['RSS after warm-up (first slice)', `${warm.toFixed(0)} MiB`, 'baseline'],
      ['RSS at the end', `${end.toFixed(0)} MiB`, `${(rssGrowth * 100).toFixed(1)} % vs warm-up; target ≤ +20 %`],
    ]);
    return { slices, errors, rssGrowth };
  } finally {
    await server.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { flags } = parseFlags(process.argv.slice(2));
  const num = (name: string, fallback: number) => (typeof flags.get(name) === 'string' ? Number(flags.get(name)) : fallback);
  await runSoakBench({ minutes: num('minutes', 10), rate: num('rate', 300), sliceSeconds: num('slice-seconds', 60) });
}
