import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { ROOT } from './support/server-process.js';

const depcruise = join(ROOT, 'node_modules/.bin/depcruise');

function cruise(cwd: string) {
  return spawnSync(depcruise, ['core', 'storage', 'bot', 'miniapp', 'scripts', '--config', '.dependency-cruiser.cjs'], {
    cwd,
    encoding: 'utf8',
  });
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

describe('the dependency rule', () => {
  it('holds for the real tree', () => {
    const run = cruise(ROOT);
    expect(run.stdout + run.stderr).not.toMatch(/error /);
    expect(run.status).toBe(0);
  });

  it('fails when core imports a framework, or bot imports miniapp or storage', () => {
    const dir = mkdtempSync(join(tmpdir(), 'boundary-arch-'));
    cpSync(join(ROOT, '.dependency-cruiser.cjs'), join(dir, '.dependency-cruiser.cjs'));
    cpSync(join(ROOT, 'tsconfig.json'), join(dir, 'tsconfig.json'));
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
    for (const d of ['core', 'storage', 'bot', 'miniapp', 'scripts']) mkdirSync(join(dir, d));
    writeFileSync(join(dir, 'core/uses-koa.ts'), "import Koa from 'koa';\nexport const a = Koa;\n");
    writeFileSync(join(dir, 'core/uses-cron.ts'), "import cron from 'node-cron';\nexport const c = cron;\n");
    writeFileSync(join(dir, 'storage/s.ts'), 'export const s = 1;\n');
    writeFileSync(join(dir, 'miniapp/m.ts'), 'export const m = 1;\n');
    writeFileSync(join(dir, 'bot/b.ts'), "import { m } from '../miniapp/m.js';\nimport { s } from '../storage/s.js';\nexport const b = m + s;\n");
    writeFileSync(join(dir, 'scripts/x.ts'), 'export const x = 1;\n');
    const run = cruise(dir);
    expect(run.status).not.toBe(0);
    const out = run.stdout + run.stderr;
    expect(out).toContain('core-imports-no-framework');
    expect(out).toContain('bot-not-miniapp-or-storage');
  });

  it('core reads no environment, wall clock or random source (they are ports)', () => {
    const offenders: string[] = [];
    const banned = [/process\.env/, /Date\.now\(/, /new Date\(\)/, /Math\.random\(/, /randomUUID\(/, /randomBytes\(/];
    for (const file of walk(join(ROOT, 'core')).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))) {
      const text = readFileSync(file, 'utf8');
      for (const re of banned) if (re.test(text)) offenders.push(`${relative(ROOT, file)}: ${re.source}`);
    }
    expect(offenders).toEqual([]);
  });
});
