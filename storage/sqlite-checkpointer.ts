import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * WAL checkpoints on a worker thread with its own connection. SQLite's automatic checkpoint runs
 * inside whichever commit crosses the threshold, on the event loop: copying ~1000 pages and
 * syncing the file stalls that request and every one queued behind it, and measured half the
 * cost of a webhook's inbox write. Here a passive checkpoint (never blocks readers or the
 * writer, never waits for locks) runs once a second: a page rewritten many times in that second
 * (the msg_id index under a burst of webhooks, a purge's tables) is copied once, which measured
 * less total CPU than checkpointing every 20 ms. The main connection keeps a much higher
 * automatic threshold as a backstop, so the WAL stays bounded even if this thread stalls; the
 * purge's own TRUNCATE checkpoint is unaffected (it waits for a running passive checkpoint
 * through busy_timeout). BackgroundCheckpoints (below) runs it only while the WAL is written to.
 *
 * Inline source: no file to resolve under tsx, vitest or the build.
 */
const WORKER_SOURCE = `
const { parentPort, workerData: w } = require('node:worker_threads');
const Database = require(w.driverPath);
let db;
try {
  db = new Database(w.file, { fileMustExist: true });
  db.pragma('synchronous = NORMAL');
  db.pragma('wal_autocheckpoint = 0');
} catch (e) {
  parentPort.postMessage({ error: String((e && e.message) || e) });
  process.exit(0);
}
function checkpoint() {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (e) {
    // Busy or I/O trouble: the next tick tries again, and the backstop threshold still holds.
  }
}
checkpoint();
const timer = setInterval(checkpoint, w.intervalMs);
parentPort.on('message', () => {
  clearInterval(timer);
  checkpoint(); // what was written since the last tick
  db.close();
  parentPort.postMessage({ stopped: true });
});
`;

/** The main connection's own automatic checkpoint while the worker runs (pages; ~40 MB of WAL). */
export const BACKSTOP_AUTOCHECKPOINT_PAGES = 10_000;

export interface CheckpointerOptions {
  /** Time between passive checkpoints. */
  readonly intervalMs?: number;
}

export class SqliteCheckpointer {
  private exited = false;

  private constructor(private readonly worker: Worker) {
    worker.once('exit', () => (this.exited = true));
    // A worker that cannot open the file just ends: the backstop threshold still checkpoints.
    worker.on('error', () => undefined);
  }

  /** Null for a database a second connection cannot open (in memory, not yet created). */
  static start(file: string, options: CheckpointerOptions = {}): SqliteCheckpointer | null {
    if (file === ':memory:' || file === '' || !existsSync(file)) return null;
    const driverPath = createRequire(import.meta.url).resolve('better-sqlite3');
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, driverPath, intervalMs: options.intervalMs ?? 1_000 } });
    worker.unref(); // never what keeps the process alive
    return new SqliteCheckpointer(worker);
  }

  /** Stops after the checkpoint in progress, if any, and closes the worker's connection. */
  async stop(): Promise<void> {
    if (!this.exited) {
      const stopped = new Promise<void>((resolve) => {
        this.worker.once('message', () => resolve());
        this.worker.once('exit', () => resolve());
      });
      this.worker.postMessage('stop');
      await Promise.race([stopped, new Promise((r) => setTimeout(r, 2_000).unref())]);
    }
    await this.worker.terminate();
  }
}

export interface BackgroundCheckpointOptions extends CheckpointerOptions {
  /** Start the worker once the WAL is written to and at least this big (SQLite's own default threshold: 1000 pages). */
  readonly startAboveBytes?: number;
  /** Stop it after this long without a write to the WAL. */
  readonly idleStopMs?: number;
  /** How often the WAL file is looked at (one stat, off the event loop). */
  readonly pollMs?: number;
}

/**
 * The checkpoint worker, only while there is something to checkpoint: a thread with its own V8
 * heap costs ~10 MiB of RSS, which an idle server should not pay. Once a second the WAL file is
 * looked at; a write (mtime moved) to a WAL past the threshold starts the worker, and a minute
 * without writes stops it. Until it starts, the backstop threshold covers the WAL.
 */
export class BackgroundCheckpoints {
  private worker: SqliteCheckpointer | null = null;
  private lastMtime = 0;
  private lastWriteAt = Date.now();
  private polling = false;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly file: string,
    private readonly options: BackgroundCheckpointOptions = {},
  ) {
    this.timer = setInterval(() => void this.poll(), options.pollMs ?? 1_000);
    this.timer.unref();
  }

  /** Whether the worker thread is running now. */
  get active(): boolean {
    return this.worker !== null;
  }

  private async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      const wal = await stat(`${this.file}-wal`).catch(() => null);
      const now = Date.now();
      const written = wal !== null && wal.mtimeMs !== this.lastMtime;
      if (wal) this.lastMtime = wal.mtimeMs;
      if (written) this.lastWriteAt = now;
      if (!this.worker && written && wal.size >= (this.options.startAboveBytes ?? 4 * 1024 * 1024))
        this.worker = SqliteCheckpointer.start(this.file, this.options);
      else if (this.worker && now - this.lastWriteAt >= (this.options.idleStopMs ?? 60_000)) {
        const idle = this.worker;
        this.worker = null;
        await idle.stop();
      }
    } finally {
      this.polling = false;
    }
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    const running = this.worker;
    this.worker = null;
    await running?.stop();
  }
}
