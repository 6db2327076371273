/**
 * Access-log benchmark: `npx tsx scripts/bench/audit.bench.ts [--entries 1000000] [--ten-million] [--dir DIR] [--keep]`
 * Generates entries into a fresh SQLite file (all but the last 200,000 bulk-loaded, those
 * through the real append path, which is what the append rate measures), then measures search
 * latency, streamed export (in a child process, for an honest peak RSS) and verification next
 * to the raw SHA-256 rate of this machine over the same canonical bytes, measured in the same run.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { EntityManager } from '@mikro-orm/knex';
import type { NewAccessLogEntry } from '../../core/audit/access-log-entry.js';
import type { AccessLogQuery } from '../../core/audit/access-log.port.js';
import { canonical, sanitiseEntry } from '../../core/audit/canonical.js';
import { Database } from '../../storage/database.js';
import { exportAccessLog } from '../../storage/audit/access-log-export.js';
import { MikroAccessLog, readChainHead } from '../../storage/audit/mikro-access-log.repository.js';
import { MikroAccessLogSearch } from '../../storage/audit/mikro-access-log-search.repository.js';
import { verifyDatabase } from '../../storage/audit/verify-database.js';
import { ENTRY_COLUMNS, entryParams, rowToEntry, type EntryRow } from '../../storage/audit/access-log-rows.js';
import { gramToken, shortGrams } from '../../storage/audit/keyword.js';
import { withSqliteConnection } from '../../storage/audit/sqlite-raw.js';
import { chainHash } from '../../core/audit/chain.js';
import { parseFlags } from '../commands/command.js';
import { ROOT } from './bench-support.js';

const PURPOSES = ['emergency', 'payroll', 'contact_request', 'benefits', 'legal', 'relocation', 'it_support', 'audit'];
const OUTCOMES = ['allowed', 'denied', 'pending', 'recorded'] as const;
const CHANNELS = ['bot', 'miniapp', 'api', 'cli', 'system'] as const;
const FIELDS = ['personal_phone', 'personal_email', 'home_address', 'birthday', 'id_number', 'salary', 'bank_account', 'emergency_contacts'];
const PHRASES = [
  '员工住院需要联系家属', '他说张三欠钱不还', '想要他父母电话', '核对工资发放', '办理社保转移', '紧急情况联系',
  '离职手续办理', '合同续签确认', '银行账户变更', '体检结果通知', '出差报销核对', '地址变更登记',
  'employee hospitalised, contact family', 'payroll correction', 'verify bank details', 'relocation paperwork',
];
const KEYWORDS = ['欠钱', '父母', '住院', '工资', '社保', '紧急情况', '合同续签', '银行账户', 'payroll', 'hospitalised', '报销', '地址变更'];

/** Deterministic PRNG (mulberry32), so runs are comparable. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

const ACTORS = 2_000;
const SUBJECTS = 50_000;
const START = Date.parse('2016-01-01T00:00:00.000Z');

function makeEntry(r: () => number, n: number, total: number): NewAccessLogEntry {
  const justification = r() < 0.3 ? null : `${pick(r, PHRASES)}，${pick(r, PHRASES)} #${n}`;
  return {
    at: new Date(START + Math.floor((n / total) * 9 * 365 * 86_400_000)),
    actorId: `emp-${Math.floor(r() * ACTORS)}`,
    actorRole: pick(r, ['hr_admin', 'dept_head', 'employee', 'auditor'] as const),
    subjectId: `emp-${Math.floor(r() * SUBJECTS)}`,
    action: pick(r, ['reveal', 'view', 'export', 'contact_request'] as const),
    fields: [pick(r, FIELDS), ...(r() < 0.4 ? [pick(r, FIELDS)] : [])],
    purpose: pick(r, PURPOSES),
    justification,
    outcome: pick(r, OUTCOMES),
    reasonCode: 'POLICY.OK',
    channel: pick(r, CHANNELS),
    correlationId: `c-${n}`,
  };
}

/** Up to 20,000 canonical forms spread over the log, as UTF-8 bytes (what the verifier hashes). */
async function sampleCanonicals(db: Database, total: number): Promise<Buffer[]> {
  const step = Math.max(1, Math.floor(total / 20_000));
  const rows = await withSqliteConnection(db.fork(), (conn) => {
    const st = conn.prepare(`select ${ENTRY_COLUMNS} from access_log where seq = ?`);
    const out: EntryRow[] = [];
    for (let seq = 1; seq <= total; seq += step) {
      const r = st.get(seq) as EntryRow | undefined;
      if (r) out.push(r);
    }
    return out;
  });
  return rows.map((r) => {
    const e = rowToEntry(r);
    return Buffer.from(canonical(e.seq, e), 'utf8');
  });
}

/** Entries appended one by one through the real path at the end of generation. */
const APPEND_MEASURED = 200_000;

/**
 * Loads entries (from, to] as the append path would store them, but fast: the access_log
 * indexes and triggers are dropped, rows and short grams go in 100k per transaction in seq
 * order, then the field table and trigram index are filled in bulk and the indexes and
 * triggers re-created from the very DDL that was dropped (so the schema is the migration's).
 */
async function bulkLoad(db: Database, r: () => number, from: number, to: number, total: number): Promise<void> {
  await withSqliteConnection(db.fork(), (conn) => {
    const ddl = conn
      .prepare(`select type, name, sql from sqlite_master where tbl_name = 'access_log' and type in ('index', 'trigger') and sql is not null`)
      .all() as { type: string; name: string; sql: string }[];
    conn.pragma('cache_size = -262144'); // 256 MB while building, back to the default below
    for (const d of ddl) conn.exec(`drop ${d.type} ${d.name}`);
    const cols = ENTRY_COLUMNS.split(', ');
    const insert = conn.prepare(`insert into access_log (${ENTRY_COLUMNS}) values (${cols.map(() => '?').join(', ')})`);
    const grams = conn.prepare('insert into access_log_grams (rowid, grams) values (?, ?)');
    let prev = (conn.prepare('select hash from access_log_head where id = 1').get() as { hash: string }).hash;
    for (let start = from; start < to; start += 100_000) {
      const end = Math.min(to, start + 100_000);
      conn.transaction(() => {
        for (let seq = start + 1; seq <= end; seq++) {
          const e = sanitiseEntry(makeEntry(r, seq, total));
          prev = chainHash(prev, seq, e);
          insert.run(entryParams('sqlite', seq, e, prev));
          if (e.justification !== null) grams.run(seq, shortGrams(e.justification).map(gramToken).join(' '));
        }
        conn.prepare('update access_log_head set seq = ?, hash = ? where id = 1').run(end, prev);
      })();
      if (process.stderr.isTTY) process.stderr.write(`\rloaded ${fmt(end)}`);
    }
    if (process.stderr.isTTY) process.stderr.write('\n');
    conn.transaction(() => {
      conn.prepare('insert or ignore into access_log_fields (field, seq) select j.value, l.seq from access_log l, json_each(l.fields) j where l.seq > ? and l.seq <= ?').run(from, to);
      conn.prepare('insert into access_log_trigram (rowid, justification) select seq, justification from access_log where seq > ? and seq <= ? and justification is not null').run(from, to);
      for (const d of ddl) conn.exec(d.sql);
    })();
    conn.pragma('cache_size = -2000');
  });
}

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;
/** CPU seconds of this process since `from`: robust when other work shares the machine. */
const cpuSecs = (from: NodeJS.CpuUsage) => {
  const d = process.cpuUsage(from);
  return (d.user + d.system) / 1e6;
};

async function timeQueries(db: Database, queries: AccessLogQuery[]): Promise<{ p50: number; p95: number; hits: number }> {
  const times: number[] = [];
  let hits = 0;
  for (const q of queries) {
    const search = new MikroAccessLogSearch(db.fork(), 'sqlite');
    const t0 = process.hrtime.bigint();
    hits += (await search.search(q)).entries.length;
    times.push(ms(t0));
  }
  return { p50: percentile(times, 50), p95: percentile(times, 95), hits };
}

/** Child mode: export everything to a sink that drops bytes; report rows, seconds, peak RSS. */
async function childExport(file: string): Promise<void> {
  const db = await Database.open({ driver: 'sqlite', url: file });
  let bytes = 0;
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      done();
    },
  });
  const baselineRssMb = process.memoryUsage().rss / 2 ** 20;
  const t0 = process.hrtime.bigint();
  const c0 = process.cpuUsage();
  const rows = await exportAccessLog(db, sink, { format: 'jsonl' });
  const seconds = ms(t0) / 1000;
  const cpu = cpuSecs(c0);
  await db.close();
  process.stdout.write(JSON.stringify({ rows, seconds, cpu, bytes, baselineRssMb, maxRssMb: process.resourceUsage().maxRSS / 1024 }) + '\n');
}

/**
 * The export as an operator runs it: `boundary audit export` from dist/ (what `npm start` builds)
 * writing to a file, in its own process. Peak RSS is the kernel's high-water mark (VmHWM),
 * sampled until the process exits.
 */
async function cliExport(file: string, dir: string, filter: readonly string[] = []): Promise<{ rows: number; seconds: number; cpu: number; maxRssMb: number } | null> {
  const cli = join(ROOT, 'dist/scripts/cli.js');
  if (!existsSync(cli)) return null;
  const out = join(dir, 'export.jsonl');
  const t0 = process.hrtime.bigint();
  const child = spawn(process.execPath, [cli, 'audit', 'export', '--format', 'jsonl', '--out', out, ...filter], {
    env: { ...process.env, DATABASE_URL: file, BOUNDARY_DATA_DIR: join(dir, 'cli-data'), LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  let hwmKb = 0;
  let ticks = 0;
  const sample = () => {
    try {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      hwmKb = Math.max(hwmKb, Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0));
      const stat = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      ticks = Number(stat[11]) + Number(stat[12]); // utime + stime, in clock ticks (100 per second)
    } catch {
      // exited between samples
    }
  };
  const timer = setInterval(sample, 100);
  const code = await new Promise<number | null>((done) => child.once('exit', done));
  clearInterval(timer);
  const seconds = ms(t0) / 1000;
  rmSync(out, { force: true });
  if (code !== 0) throw new Error(`boundary audit export failed (${code}): ${stderr.slice(0, 500)}`);
  const rows = Number(/exported (\d+) entries/.exec(stderr)?.[1] ?? NaN);
  return { rows, seconds, cpu: ticks / 100, maxRssMb: (hwmKb * 1024) / 1e6 };
}

/** The whole access-log bench (figures printed); `args` as on the command line, e.g. ['--entries', '1000000']. */
export async function runAuditBench(args: readonly string[] = process.argv.slice(2)): Promise<void> {
  const { flags } = parseFlags(args);
  const childFile = flags.get('child-export');
  if (typeof childFile === 'string') return childExport(childFile);
  const total = flags.has('ten-million') ? 10_000_000 : Number(flags.get('entries') ?? 1_000_000);
  const dir = typeof flags.get('dir') === 'string' ? (flags.get('dir') as string) : mkdtempSync(join(tmpdir(), 'boundary-audit-bench-'));
  const file = join(dir, 'bench.sqlite');
  const db = await Database.open({ driver: 'sqlite', url: file });
  await db.migrate();
  process.stdout.write(`access-log bench: ${fmt(total)} entries into ${file}\n`);

  // 1. Entries up to the last APPEND_MEASURED are bulk-loaded (same generator, sanitiser, chain
  // hash and short grams; indexes built afterwards), the rest go through the real path (head
  // lock, chain hash, index rows), 10,000 per transaction, so the append rate is measured on a
  // log of full size. With --dir pointing at a finished run, generation is skipped (the other
  // phases re-measure).
  const r = rng(42);
  const batch = 10_000;
  const before = (await readChainHead(db.fork())).head.seq;
  const bulkTo = Math.max(before, total - APPEND_MEASURED);
  if (bulkTo > before) {
    const b0 = process.hrtime.bigint();
    await bulkLoad(db, r, before, bulkTo, total);
    process.stdout.write(`bulk:     ${fmt(bulkTo - before)} entries loaded in ${(ms(b0) / 1000).toFixed(1)} s (indexes rebuilt from their own DDL)\n`);
  }
  const existing = (await readChainHead(db.fork())).head.seq;
  let t0 = process.hrtime.bigint();
  let c0 = process.cpuUsage();
  for (let done = existing; done < total; done += batch) {
    const n = Math.min(batch, total - done);
    await db.fork().transactional(async (em) => {
      const log = new MikroAccessLog(em as unknown as EntityManager, 'sqlite');
      for (let i = 1; i <= n; i++) await log.append(makeEntry(r, done + i, total));
    });
    if (process.stderr.isTTY) process.stderr.write(`\rappended ${fmt(done + n)}`);
  }
  const appendSecs = ms(t0) / 1000;
  const appendCpu = cpuSecs(c0);
  const appended = total - existing;
  if (process.stderr.isTTY) process.stderr.write('\n');
  await db.fork().execute('analyze', [], 'run');
  const sizeMb = statSync(file).size / 2 ** 20;
  process.stdout.write(
    appended > 0
      ? `append:   ${fmt(appended / appendSecs)} entries/s wall, ${fmt(appended / appendCpu)} per CPU-second (the last ${fmt(appended)} entries, ${appendSecs.toFixed(1)} s; database ${sizeMb.toFixed(0)} MB)\n`
      : `append:   skipped (reusing ${fmt(existing)} entries; database ${sizeMb.toFixed(0)} MB)\n`,
  );

  // 2. Search: 200 filtered and 200 keyword queries, 50 newest each.
  const q = rng(7);
  const filtered: AccessLogQuery[] = Array.from({ length: 200 }, (_, i) => {
    const who = i % 2 ? { subjectId: `emp-${Math.floor(q() * SUBJECTS)}` } : { actorId: `emp-${Math.floor(q() * ACTORS)}` };
    return { ...who, ...(i % 4 === 0 ? { outcome: pick(q, OUTCOMES) } : {}), ...(i % 3 === 0 ? { purpose: pick(q, PURPOSES) } : {}), limit: 50 };
  });
  const keyword: AccessLogQuery[] = Array.from({ length: 200 }, (_, i) => ({
    keyword: pick(q, KEYWORDS),
    ...(i % 5 === 0 ? { channel: pick(q, CHANNELS) } : {}),
    limit: 50,
  }));
  const f = await timeQueries(db, filtered);
  const k = await timeQueries(db, keyword);
  process.stdout.write(`search:   filtered p50 ${f.p50.toFixed(1)} ms, p95 ${f.p95.toFixed(1)} ms (target p95 ≤ 50 ms)\n`);
  process.stdout.write(`          keyword  p50 ${k.p50.toFixed(1)} ms, p95 ${k.p95.toFixed(1)} ms (target p95 ≤ 200 ms; 2-char 欠钱 included)\n`);

  // 3. Export: `boundary audit export` from dist/, in its own process.
  // The process's own start (load, config, open) measured by an export that matches nothing.
  const empty = await cliExport(file, dir, ['--actor', 'nobody-at-all']);
  const viaCli = empty && (await cliExport(file, dir));
  if (viaCli && empty)
    process.stdout.write(
      `export via \`boundary audit export\` (dist/, to a file): ${fmt(viaCli.rows)} rows in ${viaCli.seconds.toFixed(1)} s, of which ${empty.seconds.toFixed(1)} s process start → ` +
        `${fmt(viaCli.rows / Math.max(0.001, viaCli.seconds - empty.seconds))} rows/s; peak RSS ${viaCli.maxRssMb.toFixed(0)} MB (idle CLI ${empty.maxRssMb.toFixed(0)} MB) — target ≥ 200k rows/s, RSS ≤ 200 MB\n`,
    );
  else {
    // No dist/ (a bench run on its own): the same export in a child process under tsx.
    const self = fileURLToPath(import.meta.url);
    const tsx = pathToFileURL(join(process.cwd(), 'node_modules/tsx/dist/loader.mjs')).href;
    const child = spawnSync(process.execPath, ['--import', tsx, self, '--child-export', file], { encoding: 'utf8', maxBuffer: 1 << 20 });
    if (child.status !== 0) throw new Error(`export child failed: ${child.stderr}`);
    const ex = JSON.parse(child.stdout.trim().split('\n').pop()!) as {
      rows: number;
      seconds: number;
      cpu: number;
      bytes: number;
      baselineRssMb: number;
      maxRssMb: number;
    };
    process.stdout.write(
      `export:   ${fmt(ex.rows / ex.seconds)} rows/s wall, ${fmt(ex.rows / ex.cpu)} per CPU-second; peak RSS ${ex.maxRssMb.toFixed(0)} MB ` +
        `(${ex.baselineRssMb.toFixed(0)} MB before the export started; ${(ex.bytes / 2 ** 20).toFixed(0)} MB JSONL) — target ≥ 200k rows/s, RSS ≤ 200 MB\n`,
    );
  }

  // 4. Verify next to the raw SHA-256 rate on this machine, now: the same calls the verifier
  // makes per entry (a hash object, the 32-byte previous hash, the canonical bytes, a digest)
  // over real canonical forms of this log, timed just before and just after verify (averaged,
  // so load drifting during the run weighs on both sides alike).
  const samples = await sampleCanonicals(db, total);
  const sampleBytes = samples.reduce((n, b) => n + b.length, 0) / samples.length;
  const prev = Buffer.alloc(32);
  const rawN = Math.min(total, 1_000_000);
  const raw = () => {
    const r0 = process.hrtime.bigint();
    const rc = process.cpuUsage();
    for (let i = 0; i < rawN; i++) createHash('sha256').update(prev).update(samples[i % samples.length]!).digest();
    return { wall: rawN / (ms(r0) / 1000), cpu: rawN / cpuSecs(rc) };
  };
  const rawBefore = raw();
  t0 = process.hrtime.bigint();
  c0 = process.cpuUsage();
  const report = await verifyDatabase(db);
  const verifySecs = ms(t0) / 1000;
  const verifyCpu = cpuSecs(c0);
  if (!report.ok) throw new Error(`bench chain does not verify: ${JSON.stringify(report.failure)}`);
  const rawAfter = raw();
  const rawRate = (rawBefore.wall + rawAfter.wall) / 2;
  const rawCpuRate = (rawBefore.cpu + rawAfter.cpu) / 2;
  const verifyRate = report.entries / verifySecs;
  const verifyCpuRate = report.entries / verifyCpu;
  process.stdout.write(
    `verify:   ${fmt(verifyRate)} entries/s wall vs raw SHA-256 ${fmt(rawRate)} hashes/s of this log's canonical forms (${sampleBytes.toFixed(0)} bytes on average) → ${((verifyRate / rawRate) * 100).toFixed(0)}% (target ≥ 50%)\n` +
      `          ${fmt(verifyCpuRate)} vs ${fmt(rawCpuRate)} per CPU-second → ${((verifyCpuRate / rawCpuRate) * 100).toFixed(0)}% (the verifier reads ahead on a second thread, so its CPU-seconds include both)\n`,
  );
  process.stdout.write(`machine:  load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${cpus().length} cores at the end of the run\n`);
  await db.close();
  if (!flags.has('keep') && !flags.has('dir')) rmSync(dir, { recursive: true, force: true });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href)
  runAuditBench().catch((e: unknown) => {
    process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
    process.exitCode = 1;
  });
