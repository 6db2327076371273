import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, TSX_IMPORT } from '../support/server-process.js';
import { Database } from '../../storage/database.js';
import { keyRingFor } from '../../scripts/app/modules/offboarding.module.js';
import { recordsRepositoryFactories } from '../../storage/records/index.js';
import { SequentialIds } from '../../core/shared/ids.port.js';
import { SystemClock } from '../../storage/system.js';

/** Every personal and sensitive value of the canary employee; none may appear in the files. */
const CANARIES = {
  personal_phone: '13912345678',
  personal_email: 'canary.person@home.example',
  home_address: '北京市海淀区金丝雀路88号',
  birthday: '1987-06-05',
  id_number: '110101199003071234',
  salary: '98765.43',
  bank_account: '6222020200112233445',
  post_departure_email: 'canary.after@home.example',
  emergency_contact_name: '甄士隐',
  emergency_contact_relation: '父亲',
  emergency_contact_phone: '13698765432',
  emergency_contact_2_name: '封淑贞',
  emergency_contact_2_relation: '母亲',
  emergency_contact_2_phone: '13587654321',
};

const columns = ['employee_no', 'name', 'department', 'status', 'last_day', 'relay_opt_in', ...Object.keys(CANARIES)];
const csv = [
  columns.join(','),
  ['C001', '金丝雀', '研发部/平台组', 'departed', '2025-01-15', 'true', ...Object.values(CANARIES)].join(','),
  // A second person with the same phone: must not produce a second copy of anything recognisable.
  ['C002', '金丝雀二号', '研发部', 'active', '', 'false', ...Object.values(CANARIES).map((v, i) => (i === 7 ? '' : v))].join(','),
].join('\n');

const cli = (args: string[], env: Record<string, string>) =>
  spawnSync(process.execPath, ['--import', TSX_IMPORT, resolve(ROOT, 'scripts/cli.ts'), ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'silent', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });

/** Every occurrence of each canary's UTF-8 bytes in the database file and its -wal and -shm. */
function hits(dbFile: string): string[] {
  const found: string[] = [];
  for (const file of [dbFile, `${dbFile}-wal`, `${dbFile}-shm`]) {
    if (!existsSync(file)) continue;
    const bytes = readFileSync(file);
    for (const [field, value] of Object.entries(CANARIES)) {
      if (field.endsWith('_relation')) continue; // 父亲/母亲 are common words, not personal data
      if (bytes.includes(Buffer.from(value, 'utf8'))) found.push(`${file.split('/').pop()}: ${field}`);
    }
  }
  return found;
}

describe('no plaintext at rest (canary import, raw byte search)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'boundary-canary-'));
  const dbFile = join(dir, 'boundary.sqlite');
  const masterKey = randomBytes(32).toString('base64');
  const env = { DATABASE_URL: dbFile, BOUNDARY_DATA_DIR: dir, BOUNDARY_MASTER_KEY: masterKey };
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('imports the canary roster through the CLI, then finds no canary in the file, -wal or -shm', () => {
    writeFileSync(join(dir, 'canary.csv'), csv);
    const run = cli(['import', join(dir, 'canary.csv'), '--actor', 'hr-canary'], env);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/imported 2 row\(s\) .* 2 created, 0 updated/);
    expect(run.status).toBe(0);
    expect(existsSync(dbFile)).toBe(true);
    expect(hits(dbFile)).toEqual([]);
    // The search is real: the employee's (public) name is in the file in the clear.
    expect(readFileSync(dbFile).includes(Buffer.from('金丝雀', 'utf8'))).toBe(true);
  }, 60_000);

  it('finds none either while a connection is open and the WAL holds fresh pages, and the values decrypt', async () => {
    const db = await Database.open({ driver: 'sqlite', url: dbFile });
    const ctx = { db, clock: new SystemClock(), ids: new SequentialIds('x'), keyring: keyRingFor({ masterKey: Buffer.from(masterKey, 'base64'), retiredMasterKeys: [], shredKeysFile: join(dir, 'shred-keys.sqlite') }) };
    try {
      const em = db.fork();
      const employees = recordsRepositoryFactories.employees(em, ctx);
      const vault = recordsRepositoryFactories.vault(em, ctx);
      const c1 = (await employees.getByEmployeeNo('C001'))!;
      const read = await vault.read(c1.id, ['personal_phone', 'id_number', 'emergency_contacts']);
      expect(read.get('id_number')).toEqual({ state: 'value', value: CANARIES.id_number });
      expect(read.get('emergency_contacts')).toMatchObject({ state: 'value', value: [{ name: '甄士隐' }, { name: '封淑贞' }] });
      // Rewrite a value so the WAL certainly holds new pages, and search while it is open.
      await db.fork().transactional(async (tx) => {
        await recordsRepositoryFactories.vault(tx as never, ctx).write(c1.id, new Map([['personal_phone', CANARIES.personal_phone]]), (await recordsRepositoryFactories.catalog(tx as never, ctx).current()));
      });
      expect(existsSync(`${dbFile}-wal`)).toBe(true);
      expect(hits(dbFile)).toEqual([]);
    } finally {
      await db.close();
    }
    expect(hits(dbFile)).toEqual([]);
  });

  it('refuses a bad file through the CLI with every bad line listed and no values echoed', () => {
    const bad = [columns.join(','), ['C003', '坏行', '研发部', 'departed', '', 'true', ...Object.values(CANARIES).map((v, i) => (i === 0 ? '13912345678x' : v))].join(',')].join('\n');
    writeFileSync(join(dir, 'bad.csv'), bad);
    const run = cli(['import', join(dir, 'bad.csv')], env);
    expect(run.status).toBe(65);
    expect(run.stderr).toContain('Import refused: 2 problem(s) in 1 row(s); nothing was written.');
    expect(run.stderr).toContain('line 2: personal_phone: not a phone number');
    expect(run.stderr).toContain('line 2: last_day: a departed employee needs last_day');
    expect(run.stderr).not.toContain('13912345678');
  }, 60_000);
});
