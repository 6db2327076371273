import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ConfigError, loadConfig, parseEnv } from '../scripts/app/config.js';
import { ROOT, TSX_IMPORT } from './support/server-process.js';

const shortKey = Buffer.alloc(16, 1).toString('base64');

describe('configuration', () => {
  it('lists a bad PORT, a malformed DATABASE_URL and a short master key in one error', () => {
    let error: unknown;
    try {
      parseEnv({ PORT: 'eighty', DATABASE_URL: 'mysql://nope', BOUNDARY_MASTER_KEY: shortKey });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toMatch(/PORT/);
    expect(problems).toMatch(/DATABASE_URL/);
    expect(problems).toMatch(/BOUNDARY_MASTER_KEY/);
  });

  it('exits non-zero from the CLI with all three problems and writes nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'boundary-cfg-'));
    const run = spawnSync(process.execPath, ['--import', TSX_IMPORT, resolve(ROOT, 'scripts/cli.ts'), 'serve'], {
      cwd: dir,
      env: { PATH: process.env.PATH ?? '', PORT: '70000', DATABASE_URL: 'ftp://x', BOUNDARY_MASTER_KEY: shortKey },
      encoding: 'utf8',
    });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/PORT/);
    expect(run.stderr).toMatch(/DATABASE_URL/);
    expect(run.stderr).toMatch(/BOUNDARY_MASTER_KEY/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('refuses to start outside demo mode when secrets are missing, naming each', () => {
    expect(() => loadConfig({ DINGTALK_CLIENT_ID: 'ding123' })).toThrow(ConfigError);
    try {
      loadConfig({ DINGTALK_CLIENT_ID: 'ding123' });
    } catch (e) {
      const text = (e as ConfigError).problems.join('\n');
      for (const key of ['DINGTALK_CLIENT_SECRET', 'BOUNDARY_MASTER_KEY', 'AUDIT_SIGNING_KEY', 'DINGTALK_CARD_CALLBACK_SECRET'])
        expect(text).toContain(key);
    }
  });

  it('generates demo secrets under the data dir with mode 0600 and reuses them', () => {
    const dir = mkdtempSync(join(tmpdir(), 'boundary-demo-'));
    const first = loadConfig({ BOUNDARY_DATA_DIR: dir });
    expect(first.config.demo).toBe(true);
    expect(first.notices.join(' ')).toMatch(/DEMO MODE/);
    expect(first.config.masterKey.length).toBe(32);
    for (const f of readdirSync(dir)) expect(statSync(join(dir, f)).mode & 0o777).toBe(0o600);
    const second = loadConfig({ BOUNDARY_DATA_DIR: dir });
    expect(second.config.masterKey.equals(first.config.masterKey)).toBe(true);
  });

  it('selects PostgreSQL from a postgres:// URL and SQLite from a path', () => {
    const dir = mkdtempSync(join(tmpdir(), 'boundary-db-'));
    expect(loadConfig({ BOUNDARY_DATA_DIR: dir, DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test' }).config.database.driver).toBe(
      'postgresql',
    );
    const sqlite = loadConfig({ BOUNDARY_DATA_DIR: dir }).config.database;
    expect(sqlite.driver).toBe('sqlite');
    expect(sqlite.url.endsWith(join('data', 'boundary.sqlite'))).toBe(true);
    expect(existsSync(sqlite.url)).toBe(false);
  });

  it('keeps shred secrets in a file beside SQLite, and none by default on PostgreSQL (shared by every instance)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'boundary-shred-'));
    expect(loadConfig({ BOUNDARY_DATA_DIR: dir }).config.shredKeysFile).toBe(join(dir, 'shred-keys.sqlite'));
    expect(loadConfig({ BOUNDARY_DATA_DIR: dir, DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test' }).config.shredKeysFile).toBeNull();
    expect(
      loadConfig({ BOUNDARY_DATA_DIR: dir, DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test', BOUNDARY_SHRED_KEYS_FILE: join(dir, 'k.sqlite') }).config
        .shredKeysFile,
    ).toBe(join(dir, 'k.sqlite'));
  });

  it('rejects an unknown time zone', () => {
    expect(() => parseEnv({ BOUNDARY_TIMEZONE: 'Mars/Olympus' })).toThrow(/BOUNDARY_TIMEZONE/);
  });
});
