import { Waker } from './backoff.js';

/**
 * The lifecycle the inbox and outbox workers share: one loop at a time, `wake()` when new work
 * was committed (cuts the poll short), `stop()` lets the current item finish and waits for it.
 */
export abstract class PollingWorker {
  protected readonly waker = new Waker();
  protected stopping = false;
  private running: Promise<void> | null = null;

  start(): void {
    this.stopping = false;
    this.running ??= this.loop();
  }

  /** New rows were committed: look now rather than at the next poll. */
  wake(): void {
    this.waker.wake();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.waker.wake();
    await this.running;
    this.running = null;
  }

  protected abstract loop(): Promise<void>;
}
