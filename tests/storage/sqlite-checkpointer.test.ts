import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Database } from '../../storage/database.js';
import { BACKSTOP_AUTOCHECKPOINT_PAGES, SqliteCheckpointer } from '../../storage/sqlite-checkpointer.js';
import { eventually } from '../support/eventually.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'boundary-ckpt-'));
  dirs.push(dir);
  return join(dir, 'db.sqlite');
}

interface RawConnection {
  pragma(source: string, options?: { simple: boolean }): unknown;
}

async function rawPragma(db: Database, pragma: string): Promise<unknown> {
  const client = (db.fork().getKnex() as unknown as { client: { acquireConnection(): Promise<RawConnection>; releaseConnection(c: RawConnection): Promise<void> } }).client;
  const conn = await client.acquireConnection();
  try {
    return conn.pragma(pragma, { simple: true });
  } finally {
    await client.releaseConnection(conn);
  }
}

describe('background WAL checkpoints (SQLite)', () => {
  it('raises the main connection’s automatic threshold only when the worker runs', async () => {
    const withWorker = await Database.open({ driver: 'sqlite', url: tempFile(), checkpointInBackground: true });
    const without = await Database.open({ driver: 'sqlite', url: tempFile() });
    try {
      expect(await rawPragma(withWorker, 'wal_autocheckpoint')).toBe(BACKSTOP_AUTOCHECKPOINT_PAGES);
      expect(await rawPragma(without, 'wal_autocheckpoint')).toBe(1000);
    } finally {
      await withWorker.close();
      await without.close();
    }
  });

  it('starts a worker once the WAL is written past the threshold, copies the pages off the event loop, and stops it when writes stop', async () => {
    const file = tempFile();
    const db = await Database.open({ driver: 'sqlite', url: file, checkpointInBackground: { pollMs: 50, startAboveBytes: 1024 * 1024, idleStopMs: 600 } });
    try {
      await db.migrate();
      // An idle database (the schema is far below the threshold) has no thread.
      await new Promise((r) => setTimeout(r, 200));
      expect(db.checkpoints!.active).toBe(false);
      const sizeBefore = statSync(file).size;
      const em = db.fork();
      await em.getConnection().execute('create table filler (id integer primary key, blob blob not null)');
      // ~2 MB: past the start threshold, far below the backstop, so only the worker can copy it.
      for (let i = 0; i < 50; i++) await em.getConnection().execute('insert into filler (blob) values (randomblob(40000))');
      await eventually(() => db.checkpoints!.active, 5_000);
      await eventually(() => statSync(file).size > sizeBefore + 1_900_000, 5_000);
      await eventually(() => !db.checkpoints!.active, 5_000);
    } finally {
      await db.close();
    }
  });

  it('is not started for an in-memory database, and stops cleanly twice over', async () => {
    expect(SqliteCheckpointer.start(':memory:')).toBeNull();
    const memory = await Database.open({ driver: 'sqlite', url: ':memory:', checkpointInBackground: true });
    expect(memory.checkpoints).toBeNull();
    await memory.close();
    const file = tempFile();
    const db = await Database.open({ driver: 'sqlite', url: file, checkpointInBackground: true });
    const started = Date.now();
    await db.close();
    expect(Date.now() - started).toBeLessThan(1_500);
    const lone = SqliteCheckpointer.start(file)!;
    await lone.stop();
    await lone.stop();
  });
});
