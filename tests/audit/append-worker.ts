/**
 * A separate server process for the concurrency test: opens the database, says "ready",
 * waits for "go" on stdin, then appends N entries, each in its own transaction.
 * Usage: node --import <tsx> append-worker.ts <postgres-url> <count> <actor>
 */
import { createInterface } from 'node:readline';
import type { EntityManager } from '@mikro-orm/knex';
import { Database } from '../../storage/database.js';
import { MikroAccessLog } from '../../storage/audit/mikro-access-log.repository.js';
import { sampleEntry } from './audit-fixtures.js';

const [url, count, actor] = process.argv.slice(2);
const db = await Database.open({ driver: 'postgresql', url: url!, poolMax: 4 });
process.stdout.write('ready\n');
const stdin = createInterface({ input: process.stdin });
await new Promise<void>((resolve) => stdin.once('line', () => resolve()));
stdin.close();
process.stdin.destroy(); // an open stdin would keep this process alive after the work
// A few appends in flight at once inside this process as well as across processes.
const n = Number(count);
let next = 0;
await Promise.all(
  Array.from({ length: 3 }, async () => {
    while (next < n) {
      const i = ++next;
      await db.fork().transactional((em) =>
        new MikroAccessLog(em as unknown as EntityManager, 'postgresql').append(
          sampleEntry(i, { actorId: actor!, correlationId: `${actor}-${i}` }),
        ),
      );
    }
  }),
);
await db.close();
process.stdout.write('done\n');
