import cron, { type ScheduledTask } from 'node-cron';
import type { Logger } from './logger.js';

export interface JobDefinition {
  readonly name: string;
  /** node-cron expression, evaluated in the configured time zone. */
  readonly schedule: string;
  readonly run: (signal: AbortSignal) => Promise<void>;
}

/**
 * Runs scheduled jobs with node-cron and keeps track of the ones in flight, so shutdown can
 * stop new ticks and wait for running work. Cross-instance exclusivity is the job's own
 * business (advisory lock / job_runs row), not the scheduler's.
 */
export class JobScheduler {
  private readonly tasks: ScheduledTask[] = [];
  private readonly running = new Set<Promise<void>>();
  private readonly abort = new AbortController();

  constructor(
    private readonly timezone: string,
    private readonly log: Logger,
  ) {}

  add(job: JobDefinition): void {
    const task = cron.createTask(job.schedule, () => this.runNow(job), {
      timezone: this.timezone,
      name: job.name,
      noOverlap: true,
    });
    this.tasks.push(task);
  }

  start(): void {
    for (const t of this.tasks) void t.start();
  }

  /** Runs a job immediately (also used by the CLI and tests), tracked like a scheduled tick. */
  runNow(job: Pick<JobDefinition, 'name' | 'run'>): Promise<void> {
    if (this.abort.signal.aborted) return Promise.resolve();
    const p = job
      .run(this.abort.signal)
      .catch((e: unknown) => this.log.error({ job: job.name, err: { type: (e as Error)?.name, stack: (e as Error)?.stack } }, 'job failed'))
      .finally(() => this.running.delete(p));
    this.running.add(p);
    return p;
  }

  /** Stops future ticks, signals running jobs to wrap up, and waits for them. */
  async stop(): Promise<void> {
    await Promise.all(this.tasks.map((t) => t.stop()));
    this.abort.abort();
    await Promise.all([...this.running]);
  }
}
