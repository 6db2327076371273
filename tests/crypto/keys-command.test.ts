import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { kekIdOf } from '../../storage/crypto/key-ring.js';
import { ROOT, TSX_IMPORT } from '../support/server-process.js';

const cli = (args: string[], env: Record<string, string>) =>
  spawnSync(process.execPath, ['--import', TSX_IMPORT, resolve(ROOT, 'scripts/cli.ts'), ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'silent', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });

describe('keys command', () => {
  const dir = mkdtempSync(join(tmpdir(), 'boundary-keys-'));
  const base = { DATABASE_URL: join(dir, 'boundary.sqlite'), BOUNDARY_DATA_DIR: dir };
  const a = randomBytes(32);
  const b = randomBytes(32);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('rotates every data key from the old master key to the new one and reports none left', () => {
    writeFileSync(
      join(dir, 'r.csv'),
      'employee_no,name,department,personal_phone,salary\nK1,甲,研发部,13900000001,10000\nK2,乙,研发部,13900000002,\n',
    );
    expect(cli(['import', join(dir, 'r.csv')], { ...base, BOUNDARY_MASTER_KEY: a.toString('base64') }).status).toBe(0);
    const before = cli(['keys', 'status'], { ...base, BOUNDARY_MASTER_KEY: a.toString('base64') });
    expect(before.stdout).toMatch(new RegExp(`${kekIdOf(a)}\\s+3 data key\\(s\\)\\s+current`));

    const rotating = { ...base, BOUNDARY_MASTER_KEY: b.toString('base64'), BOUNDARY_RETIRED_MASTER_KEYS: a.toString('base64') };
    const rotate = cli(['keys', 'rotate', '--batch', '2'], rotating);
    expect(rotate.stdout).toContain(`re-wrapped 3 data key(s) under ${kekIdOf(b)}`);
    expect(rotate.stdout).toContain('0 data key(s) left under retired master keys');
    expect(rotate.status).toBe(0);

    const after = cli(['keys', 'status'], { ...base, BOUNDARY_MASTER_KEY: b.toString('base64') });
    expect(after.stdout).toMatch(new RegExp(`${kekIdOf(b)}\\s+3 data key\\(s\\)\\s+current`));
    expect(after.stdout).not.toContain(kekIdOf(a));
  }, 120_000); // four CLI processes, each paying tsx start-up

  it('stops with a clear error when a data key is under a master key nobody configured', () => {
    const run = cli(['keys', 'rotate'], { ...base, BOUNDARY_MASTER_KEY: a.toString('base64') });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`master key ${kekIdOf(b)}, which is not in the key ring`);
  });

  it('prints usage for an unknown action', () => {
    const run = cli(['keys', 'spin'], { ...base, BOUNDARY_MASTER_KEY: a.toString('base64') });
    expect(run.status).toBe(64);
    expect(run.stderr).toContain('usage: boundary keys status');
  });
});
