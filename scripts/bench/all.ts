/**
 * `npm run bench`: every benchmark in sequence, each in its own process (so one bench's heap,
 * connections and event loop never colour the next), its figures streamed as it runs, then one
 * summary of the lines that carry a target, a baseline or a ratio. Sized to finish within 15
 * minutes on a 2-core machine, 10 of them the soak.
 *
 *   npm run bench                       full run (audit 1M, import 100k, purge 100k, soak 10 min)
 *   npm run bench -- --quick            smoke run with small numbers (about 2 minutes)
 *   npm run bench -- --ten-million      the access-log bench at 10M entries (adds a long while)
 *   npm run bench -- --only soak,audit  a subset;  --no-build  skip `npm run build:server`
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { resolve } from 'node:path';
import { parseFlags } from '../commands/command.js';
import { machine, ROOT, tsxLoader } from './bench-support.js';

interface Step {
  readonly name: string;
  readonly file: string;
  readonly args: readonly string[];
  readonly env: Record<string, string>;
  /** What it is expected to take in a full run, for the plan printed first. */
  readonly plannedSeconds: number;
}

interface Outcome {
  readonly step: Step;
  readonly code: number | null;
  readonly seconds: number;
  readonly figures: string[];
}

function plan(quick: boolean, tenMillion: boolean): Step[] {
  const step = (name: string, args: string[], env: Record<string, string>, plannedSeconds: number): Step => ({
    name,
    file: resolve(import.meta.dirname, `${name}.bench.ts`),
    args,
    env,
    plannedSeconds,
  });
  if (quick)
    return [
      step('startup', [], {}, 10),
      step('webhook', [], { BENCH_SECONDS: '2', BENCH_ROUNDS: '1' }, 25),
      step('audit', ['--entries', '20000'], {}, 20),
      step('import', ['5000'], {}, 10),
      step('purge', [], { BENCH_PEOPLE: '5000', BENCH_RATE: '100' }, 20),
      step('soak', ['--minutes', '0.5', '--rate', '100', '--slice-seconds', '15'], {}, 35),
    ];
  return [
    step('startup', [], {}, 15),
    // The raw-query and second-connection comparisons are for `webhook.bench.ts` run on its own.
    step('webhook', [], { BENCH_SECONDS: '8', BENCH_ROUNDS: '4', BENCH_COMPARE: '0' }, 45),
    step('audit', tenMillion ? ['--ten-million'] : ['--entries', '1000000'], {}, tenMillion ? 1800 : 150),
    step('import', ['100000'], {}, 60),
    step('purge', [], { BENCH_PEOPLE: '100000', BENCH_RATE: '200' }, 90),
    step('soak', ['--minutes', '10', '--rate', '300'], {}, 610),
  ];
}

/** Lines worth repeating in the summary: those that compare a figure with something. */
const FIGURE = /target|baseline|ratio|→|vs |% |req\/s|p99/i;

function run(step: Step): Promise<Outcome> {
  const started = Date.now();
  const child = spawn(process.execPath, ['--import', tsxLoader(), step.file, ...step.args], {
    cwd: ROOT,
    // dist/ was built above (or --no-build was asked for): the webhook bench need not build it again.
    env: { ...process.env, BENCH_NO_BUILD: '1', ...step.env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const figures: string[] = [];
  createInterface({ input: child.stdout! }).on('line', (line) => {
    process.stdout.write(`${line}\n`);
    if (FIGURE.test(line)) figures.push(line.trim());
  });
  return new Promise((done) => child.once('exit', (code) => done({ step, code, seconds: (Date.now() - started) / 1000, figures })));
}

async function main(): Promise<number> {
  const { flags } = parseFlags(process.argv.slice(2));
  const quick = flags.has('quick');
  const only = typeof flags.get('only') === 'string' ? new Set((flags.get('only') as string).split(',')) : null;
  const steps = plan(quick, flags.has('ten-million')).filter((s) => !only || only.has(s.name));
  const started = Date.now();
  process.stdout.write(`Boundary benchmarks, ${new Date().toISOString()}, ${machine()}${quick ? ' — QUICK (smoke sizes)' : ''}\n`);
  process.stdout.write(`plan: ${steps.map((s) => `${s.name} ~${s.plannedSeconds}s`).join(', ')}\n`);

  if (!flags.has('no-build') && steps.some((s) => ['startup', 'soak', 'webhook'].includes(s.name))) {
    process.stdout.write('building the server (dist/) for the webhook, startup and soak benches…\n');
    const build = spawnSync('npm', ['run', 'build:server'], { cwd: ROOT, stdio: 'inherit' });
    if (build.status !== 0) process.stdout.write('build:server reported errors; benching whatever dist/ holds\n');
  }

  const outcomes: Outcome[] = [];
  for (const step of steps) {
    process.stdout.write(`\n######## ${step.name} (${step.file.slice(ROOT.length + 1)} ${step.args.join(' ')})\n`);
    if (!existsSync(step.file)) {
      outcomes.push({ step, code: null, seconds: 0, figures: ['not run: the bench file does not exist yet'] });
      continue;
    }
    outcomes.push(await run(step));
  }

  const total = (Date.now() - started) / 1000;
  process.stdout.write(`\n======== summary (${machine()})\n`);
  for (const o of outcomes) {
    const status = o.code === 0 ? 'ok' : o.code === null ? 'skipped' : `FAILED (exit ${o.code})`;
    process.stdout.write(`\n${o.step.name.padEnd(10)} ${status.padEnd(18)} ${o.seconds.toFixed(0).padStart(5)} s\n`);
    for (const f of o.figures) process.stdout.write(`    ${f}\n`);
  }
  process.stdout.write(`\ntotal ${(total / 60).toFixed(1)} min${!quick && total > 900 ? ' — over the 15-minute budget' : ''}\n`);
  return outcomes.every((o) => o.code === 0 || o.code === null) ? 0 : 1;
}

process.exitCode = await main();
