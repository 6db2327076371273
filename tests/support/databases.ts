import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export type TestDriver = 'sqlite' | 'postgresql';

export interface TestDatabase {
  readonly driver: TestDriver;
  /** SQLite file path or PostgreSQL URL, fresh and empty. */
  readonly url: string;
  /** DATABASE_URL form for a server process. */
  readonly databaseUrl: string;
  readonly dir: string;
  drop(): Promise<void>;
}

/** The PostgreSQL suite runs when TEST_POSTGRES_URL is set (always in CI). */
export const POSTGRES_URL = process.env.TEST_POSTGRES_URL;

/** Drivers to run a shared suite on: SQLite always, PostgreSQL when configured. */
export const TEST_DRIVERS: TestDriver[] = POSTGRES_URL ? ['sqlite', 'postgresql'] : ['sqlite'];

/** A fresh database: a temp SQLite file, or a new PostgreSQL database created for this test. */
export async function freshDatabase(driver: TestDriver): Promise<TestDatabase> {
  const dir = mkdtempSync(join(tmpdir(), 'boundary-test-'));
  if (driver === 'sqlite') {
    const file = join(dir, 'boundary.sqlite');
    return {
      driver,
      url: file,
      databaseUrl: file,
      dir,
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  if (!POSTGRES_URL) throw new Error('TEST_POSTGRES_URL is not set');
  const name = `boundary_t_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const u = new URL(POSTGRES_URL);
  u.pathname = `/${name}`;
  const url = u.toString();
  return {
    driver,
    url,
    databaseUrl: url,
    dir,
    drop: async () => {
      const c = new pg.Client({ connectionString: POSTGRES_URL });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
