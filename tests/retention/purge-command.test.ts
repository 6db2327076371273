import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, TSX_IMPORT } from '../support/server-process.js';

const cli = (args: string[], env: Record<string, string>) =>
  spawnSync(process.execPath, ['--import', TSX_IMPORT, resolve(ROOT, 'scripts/cli.ts'), ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'silent', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });

describe('purge command', () => {
  const dir = mkdtempSync(join(tmpdir(), 'boundary-purge-'));
  const env = { DATABASE_URL: join(dir, 'boundary.sqlite'), BOUNDARY_DATA_DIR: dir, BOUNDARY_MASTER_KEY: randomBytes(32).toString('base64') };
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('--dry-run lists what would go without changing anything; the real run erases it, once', () => {
    writeFileSync(
      join(dir, 'r.csv'),
      'employee_no,name,department,status,last_day,personal_phone,emergency_contact_name,emergency_contact_relation,emergency_contact_phone\n' +
        'P1,甲,研发部,departed,2020-01-15,13900000001,EC甲,母亲,13700000001\n' +
        'P2,乙,研发部,active,,13900000002,EC乙,父亲,13700000002\n',
    );
    expect(cli(['import', join(dir, 'r.csv')], env).status).toBe(0);
    const dry = cli(['purge', '--dry-run'], env);
    expect(dry.stderr).toBe('');
    expect(dry.status).toBe(0);
    expect(dry.stdout).toMatch(/^P1\t\S+\tanonymise .*scope:emergency/m);
    expect(dry.stdout).toMatch(/^P1\t.*scope:personal_contact.*field:name/m);
    expect(dry.stdout).not.toContain('P2');
    expect(dry.stdout).toContain('would erase: 1 person(s)');
    for (const v of ['13900000001', '13700000001', 'EC甲']) expect(dry.stdout).not.toContain(v);
    // Dry means dry: the same list again.
    expect(cli(['purge', '--dry-run'], env).stdout).toContain('would erase: 1 person(s)');

    const real = cli(['purge'], env);
    expect(real.status).toBe(0);
    expect(real.stdout).toContain('erased: 1 person(s)');
    expect(cli(['purge'], env).stdout).toContain('erased: 0 person(s), 0 data key(s), 0 anonymised');
  }, 120_000);

  it('prints usage for a stray argument or a batch size that is not a positive whole number', () => {
    for (const args of [['everything'], ['--batch'], ['--batch', '0'], ['--batch', '2.5']]) {
      const run = cli(['purge', ...args], env);
      expect([args.join(' '), run.status]).toEqual([args.join(' '), 64]);
      expect(run.stderr).toContain('usage: boundary purge');
    }
  }, 120_000);
});
