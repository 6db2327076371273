import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { EntityManager } from '@mikro-orm/knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../storage/database.js';
import { MikroAccessLog } from '../../storage/audit/mikro-access-log.repository.js';
import { ROOT, TSX_IMPORT } from '../support/server-process.js';
import { sampleEntry, TEST_SEED, testSigner } from './audit-fixtures.js';

/** The real CLI (`boundary audit …`) against a temp SQLite file. */
describe('boundary audit (CLI)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'boundary-audit-cli-'));
  const dbFile = join(dir, 'boundary.sqlite');
  const checkpoints = join(dir, 'checkpoints.jsonl');
  const env = {
    PATH: process.env.PATH ?? '',
    DATABASE_URL: dbFile,
    BOUNDARY_DATA_DIR: join(dir, 'data'),
    AUDIT_SIGNING_KEY: TEST_SEED.toString('base64'),
    AUDIT_CHECKPOINT_FILE: checkpoints,
    AUDIT_RETENTION_YEARS: '3',
    LOG_LEVEL: 'silent',
  };
  const cli = (...args: string[]) =>
    new Promise<{ code: number | null; out: string; err: string }>((done) => {
      const child = spawn(process.execPath, ['--import', TSX_IMPORT, resolve(ROOT, 'scripts/cli.ts'), 'audit', ...args], { env, cwd: dir });
      let out = '';
      let err = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString('utf8')));
      child.stderr.on('data', (c: Buffer) => (err += c.toString('utf8')));
      child.once('exit', (code) => done({ code, out, err }));
    });
  const sql = async (text: string) => {
    const db = await Database.open({ driver: 'sqlite', url: dbFile });
    await db.fork().execute(text, [], 'run');
    await db.close();
  };

  beforeAll(async () => {
    const db = await Database.open({ driver: 'sqlite', url: dbFile });
    await db.migrate();
    const old = new Date('2020-01-01T00:00:00.000Z');
    for (let n = 1; n <= 40; n++) {
      const e = sampleEntry(n, n === 33 ? { justification: '他说张三欠钱不还，想要他父母电话' } : {});
      // The first ten entries are six years old: past the three-year retention set above.
      const at = n <= 10 ? new Date(old.getTime() + n * 60_000) : e.at;
      await db.fork().transactional((em) => new MikroAccessLog(em as unknown as EntityManager, 'sqlite').append({ ...e, at }));
    }
    await db.close();
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('signs a checkpoint, verifies, searches, exports and re-verifies the export offline, prunes, and names tampering', async () => {
    const cp = await cli('checkpoint');
    expect(cp.code).toBe(0);
    expect(readFileSync(checkpoints, 'utf8').trim().split('\n')).toHaveLength(1);
    expect(cp.out).toContain(`public key: ${testSigner().publicKey}`);

    const ok = await cli('verify');
    expect(ok.out).toMatch(/^ok: 40 entries verified \(seq 1\.\.40\), 1 checkpoints matched/);
    expect(ok.code).toBe(0);

    const found = await cli('search', '--keyword', '欠钱');
    expect(found.code).toBe(0);
    expect(found.out.trim().split('\n').map((l) => JSON.parse(l).seq)).toEqual([33]);

    const csv = join(dir, 'export.csv');
    const exp = await cli('export', '--format', 'csv', '--out', csv);
    expect(exp.code).toBe(0);
    expect(exp.err).toContain('exported 40 entries');
    expect((await cli('verify', '--export', csv)).code).toBe(0);
    writeFileSync(csv, readFileSync(csv, 'utf8').replace('欠钱', '借钱'));
    const badExport = await cli('verify', '--export', csv);
    expect(badExport.code).toBe(1);
    expect(badExport.out).toContain('FAILED at seq 33: edited');

    const pruned = await cli('prune');
    expect(pruned.code).toBe(0);
    expect(pruned.out).toContain('pruned 10 entries');
    const afterPrune = await cli('verify');
    expect(afterPrune.out).toMatch(/^ok: 30 entries verified \(seq 11\.\.40\)/);

    await sql("update access_log set justification = 'nothing' where seq = 17");
    const tampered = await cli('verify');
    expect(tampered.code).toBe(1);
    expect(tampered.out).toContain('FAILED at seq 17: edited');
    const refused = await cli('prune');
    expect(refused.code).toBe(1);
    expect(existsSync(checkpoints)).toBe(true);
  }, 300_000);

  it('rejects unknown subcommands and bad flags with usage', async () => {
    expect((await cli('frobnicate')).code).toBe(2);
    const bad = await cli('export', '--format', 'xml');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--format must be jsonl or csv');
  }, 120_000);
});
