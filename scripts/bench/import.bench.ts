import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { importRoster } from '../../core/records/roster-import.use-case.js';
import { Database } from '../../storage/database.js';
import { keyRingFor } from '../app/modules/offboarding.module.js';
import { MikroRosterStore } from '../../storage/records/mikro-roster-store.js';
import { Sql, num } from '../../storage/records/sql.js';
import { RandomIds, SystemClock } from '../../storage/system.js';
import { rosterFromCsv } from '../roster/roster-file.js';
import { machine, report, tempDir } from './bench-support.js';

const COLUMNS = [
  'employee_no', 'name', 'dingtalk_user_id', 'department', 'manager_employee_no', 'title', 'work_email', 'work_phone',
  'personal_phone', 'personal_email', 'home_address', 'birthday', 'id_number', 'hire_date', 'contract_type', 'contract_end',
  'salary', 'bank_account', 'roles', 'status', 'last_day', 'relay_opt_in', 'post_departure_email',
  'emergency_contact_name', 'emergency_contact_relation', 'emergency_contact_phone',
  'emergency_contact_2_name', 'emergency_contact_2_relation', 'emergency_contact_2_phone',
];
const TOP = ['研发部', '市场部', '销售部', '财务部', '人力资源部', '运营部', '法务部', '客服部'];
const SUB = ['一组', '二组', '三组', '四组', '五组'];
const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗';
const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英';

/** A roster of n plausible employees; every 40th departed (with relay opt-in), heads first per team. */
export function generateRoster(n: number): string {
  const lines = [COLUMNS.join(',')];
  const teams = TOP.flatMap((t) => SUB.map((s) => `${t}/${s}`));
  const pick = (s: string, i: number) => s[i % s.length]!;
  const pad = (i: number, w: number) => String(i).padStart(w, '0');
  for (let i = 0; i < n; i++) {
    const team = i % teams.length;
    const isHead = i < teams.length;
    const no = `B${pad(i, 7)}`;
    const departed = !isHead && i % 40 === 0;
    const name = `${pick(SURNAMES, i)}${pick(GIVEN, i * 7)}${pick(GIVEN, i * 13)}`;
    lines.push(
      [
        no, name, `user_${i}`, teams[team], isHead ? '' : `B${pad(team, 7)}`, isHead ? '组长' : '工程师', `${no.toLowerCase()}@corp.example`,
        `010-${pad(i % 10_000_000, 8)}`, `139${pad(i, 8)}`, `p${i}@home.example`, `北京市朝阳区${i % 999}号院${i % 30}号楼`,
        `19${70 + (i % 30)}-0${1 + (i % 9)}-1${i % 9}`, `1101011990${pad(i % 10_000_000, 7)}X`.slice(0, 18), '2020-03-01', 'fixed',
        '2026-02-28', String(8000 + (i % 40_000)), `6222${pad(i, 15)}`, isHead ? 'employee;dept_head' : 'employee',
        departed ? 'departed' : 'active', departed ? '2025-01-31' : '', departed ? 'true' : 'false', departed ? `after${i}@home.example` : '',
        `${pick(SURNAMES, i)}父`, '父亲', `138${pad(i, 8)}`, `${pick(SURNAMES, i + 3)}母`, '母亲', `137${pad(i, 8)}`,
      ].join(','),
    );
  }
  return lines.join('\n') + '\n';
}

export async function runImportBench(n = 100_000): Promise<void> {
  const dir = tempDir('import');
  const csvPath = join(dir, 'roster.csv');
  const dbFile = join(dir, 'boundary.sqlite');
  writeFileSync(csvPath, generateRoster(n));
  const db = await Database.open({ driver: 'sqlite', url: dbFile });
  await db.migrate();
  const ctx = { db, clock: new SystemClock(), ids: new RandomIds(), keyring: keyRingFor({ masterKey: randomBytes(32), retiredMasterKeys: [], shredKeysFile: join(dir, 'shred-keys.sqlite') }) };
  // The application's key ring on SQLite: each data key also gets its shred secret (crypto-shredding).
  try {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const input = rosterFromCsv(readFileSync(csvPath, 'utf8'));
    const t1 = performance.now();
    let validated = 0;
    const result = await importRoster(
      { store: new MikroRosterStore(ctx), clock: ctx.clock },
      {
        ...input,
        actorId: null,
        channel: 'system',
        onProgress: (done) => {
          if (validated === 0 && done > 0) validated = performance.now();
        },
      },
    );
    const t2 = performance.now();
    const cpu = process.cpuUsage(cpu0);
    if (!result.ok) throw new Error(`bench roster refused: ${result.error.slice(0, 3).map((p) => `${p.line}:${p.column}:${p.code}`).join(' ')}`);
    const sql = new Sql(db.fork(), 'sqlite');
    const count = async (t: string) => num((await sql.get(`select count(*) as n from ${t}`))!.n);
    const [employees, keys, fields] = [await count('employees'), await count('data_keys'), await count('field_values')];
    const total = (t2 - t0) / 1000;
    report(`roster import, ${n.toLocaleString('en')} employees with encryption, SQLite — ${machine()}`, [
      ['parse CSV', `${((t1 - t0) / 1000).toFixed(2)} s`],
      ['validate + write (one transaction)', `${((t2 - t1) / 1000).toFixed(2)} s`],
      ['total', `${total.toFixed(2)} s`, 'target ≤ 60 s'],
      ['throughput', `${Math.round(n / total).toLocaleString('en')} rows/s`],
      // CPU time is what the import costs; wall time also counts whatever else shares the 2 cores.
      ['CPU time of this process (user + system)', `${((cpu.user + cpu.system) / 1e6).toFixed(2)} s`],
      ['load average (1 min) at the end', loadavg()[0]!.toFixed(1)],
      ['stored: employees / data keys / encrypted fields', `${employees} / ${keys} / ${fields}`],
      ['database file', `${(statSync(dbFile).size / 2 ** 20).toFixed(0)} MiB`],
    ]);
  } finally {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await runImportBench(Number(process.argv[2] ?? 100_000));
