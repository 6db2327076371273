import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * Keyset pages read ahead on a worker thread with its own read-only connection, so SQLite
 * builds the next pages while this thread works on the current one (verify: SQL builds the
 * canonical forms, this thread hashes them). WAL readers do not block the writer, and each
 * page is its own short read transaction, as on the main connection. At most `ahead` pages
 * wait unconsumed, so memory stays flat.
 *
 * The worker is inline source (no file to resolve under tsx, vitest or the build), given the
 * driver's resolved path.
 */
const WORKER_SOURCE = `
const { parentPort, workerData: w } = require('node:worker_threads');
const Database = require(w.driverPath);
let db, st;
let cursor = w.afterSeq;
let credits = w.ahead;
let done = false;
try {
  db = new Database(w.file, { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  st = db.prepare(w.sql);
} catch (e) {
  parentPort.postMessage({ error: String((e && e.message) || e) });
  done = true;
}
function pump() {
  while (credits > 0 && !done) {
    let page;
    try {
      page = st.get(cursor);
    } catch (e) {
      parentPort.postMessage({ error: String((e && e.message) || e) });
      done = true;
      break;
    }
    credits--;
    parentPort.postMessage({ page });
    if (!page.n || page.n < w.limit || page.last === null) done = true;
    else cursor = page.last;
  }
  if (done && db && db.open) db.close();
}
parentPort.on('message', () => {
  credits++;
  pump();
});
pump();
`;

type Message<T> = { page: T; error?: undefined } | { error: string; page?: undefined };

/**
 * Pages of `sql` (one parameter, the cursor; each page row reports `n` and `last`), oldest
 * first after `afterSeq`. Null when the file is not one a second connection can open (an
 * in-memory database). A worker error ends the generator with that error; the caller goes on
 * on its own connection.
 */
export function readAheadPages<T extends { n: number; last: number | null }>(
  file: string,
  sql: string,
  afterSeq: number,
  limit: number,
  ahead = 3,
): AsyncGenerator<T> | null {
  if (file === ':memory:' || file === '' || !existsSync(file)) return null;
  const driverPath = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, sql, afterSeq, limit, ahead, driverPath } });
  worker.unref(); // never what keeps the process alive; the generator's finally terminates it
  return pages<T>(worker, limit);
}

async function* pages<T extends { n: number; last: number | null }>(worker: Worker, limit: number): AsyncGenerator<T> {
  const queue: Message<T>[] = [];
  let wake: (() => void) | null = null;
  const push = (m: Message<T>) => {
    queue.push(m);
    wake?.();
  };
  worker.on('message', push);
  worker.on('error', (e: Error) => push({ error: e.message }));
  worker.on('exit', () => push({ error: 'the read-ahead worker stopped' }));
  try {
    for (;;) {
      while (!queue.length) await new Promise<void>((r) => (wake = r));
      wake = null;
      const m = queue.shift()!;
      if (m.error !== undefined) throw new Error(m.error);
      const page = m.page!;
      const last = !page.n || page.n < limit;
      if (!last) worker.postMessage('more');
      yield page;
      if (last) return;
    }
  } finally {
    worker.removeAllListeners();
    await worker.terminate();
  }
}
