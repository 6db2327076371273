import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccessLogEntry } from '../../core/audit/access-log-entry.js';
import { Database } from '../../storage/database.js';
import { readEntryBatches } from '../../storage/audit/access-log-export.js';
import { verifyDatabase } from '../../storage/audit/verify-database.js';
import { POSTGRES_URL, freshDatabase, type TestDatabase } from '../support/databases.js';
import { ROOT, TSX_IMPORT } from '../support/server-process.js';

function startWorker(url: string, count: number, actor: string) {
  const child = spawn(process.execPath, ['--import', TSX_IMPORT, resolve(ROOT, 'tests/audit/append-worker.ts'), url, String(count), actor], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! });
  const said = (word: string) => new Promise<void>((r) => lines.on('line', (l) => l === word && r()));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return { ready: said('ready'), go: () => child.stdin!.write('go\n'), exited };
}

if (!POSTGRES_URL) describe.skip('access-log concurrency on postgresql (set TEST_POSTGRES_URL)', () => it('skipped', () => {}));
else
  describe('access-log concurrency on postgresql', () => {
    let tdb: TestDatabase;
    let db: Database;
    beforeAll(async () => {
      tdb = await freshDatabase('postgresql');
      db = await Database.open({ driver: 'postgresql', url: tdb.url });
      await db.migrate();
    });
    afterAll(async () => {
      await db?.close();
      await tdb?.drop();
    });

    it('two server processes appending at once produce one linear, verifiable chain', async () => {
      const N = 100;
      const workers = [startWorker(tdb.url, N, 'proc-a'), startWorker(tdb.url, N, 'proc-b')];
      await Promise.all(workers.map((w) => w.ready));
      for (const w of workers) w.go();
      expect(await Promise.all(workers.map((w) => w.exited))).toEqual([0, 0]);

      const report = await verifyDatabase(db);
      expect(report.failure).toBeNull();
      expect(report).toMatchObject({ ok: true, entries: 2 * N, last: { seq: 2 * N } });
      const entries: AccessLogEntry[] = [];
      for await (const b of readEntryBatches(db, { prevHash: false })) entries.push(...b);
      expect(entries.map((e) => e.seq)).toEqual(Array.from({ length: 2 * N }, (_, i) => i + 1));
      const byActor = (actor: string) => entries.filter((e) => e.actorId === actor).length;
      expect([byActor('proc-a'), byActor('proc-b')]).toEqual([N, N]);
      // Interleaved, not one process after the other: the lock really was contended.
      const switches = entries.filter((e, i) => i > 0 && e.actorId !== entries[i - 1]!.actorId).length;
      expect(switches).toBeGreaterThan(10);
    }, 120_000);
  });
