import type { AppModule, AppServices } from './module.js';
import { requireService } from './module.js';
import { PLATFORM_SERVICES } from './platform.module.js';
import type { Transactor } from '../../../core/shared/unit-of-work.port.js';
import { runPromptRollout, type PromptRolloutReport } from '../../../core/consent/prompt-rollout.use-case.js';

export const CONSENT_SERVICES = { rollout: 'consent.rollout' } as const;

/** Asking people about a newly published notice, in the background. */
export interface ConsentRollout {
  /** Starts a run now (or one more right after the run in progress); never waits for it. */
  kick(): void;
  /** Runs until nothing is left to ask; resolves with the last run's report (tests, the job). */
  runNow(): Promise<PromptRolloutReport>;
}

const JOB = 'consent.prompt-rollout';

/**
 * One run at a time per process: a kick during a run schedules one more run after it (the
 * notice may have changed meanwhile). Across instances the batches' advisory lock decides.
 */
function singleFlight(s: AppServices): ConsentRollout & { idle(): Promise<void>; abort: AbortController } {
  const abort = new AbortController();
  let running: Promise<PromptRolloutReport> | null = null;
  let again = false;
  const once = () => runPromptRollout({ tx: requireService<Transactor>(s, PLATFORM_SERVICES.transactor), clock: s.clock }, { signal: abort.signal });
  const runNow = (): Promise<PromptRolloutReport> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      let report = await once();
      while (again && !abort.signal.aborted) {
        again = false;
        report = await once();
      }
      if (report.prompted > 0) s.log.info({ version: report.version, prompted: report.prompted, batches: report.batches }, 'consent prompts queued');
      return report;
    })().finally(() => {
      running = null;
    });
    return running;
  };
  return {
    abort,
    runNow,
    kick: () => {
      runNow().catch((e: unknown) => s.log.error({ job: JOB, err: { type: (e as Error)?.name, stack: (e as Error)?.stack } }, 'consent prompt rollout failed'));
    },
    idle: async () => {
      await running?.catch(() => undefined);
    },
  };
}

/**
 * Consent prompts for a newly published notice: started at once by the publication (the
 * mini-app route kicks it) and picked up every minute by the job, which also finishes a rollout
 * another instance or a restart left half-way.
 */
export const consentModule: AppModule = {
  name: 'consent',
  init(s) {
    s.registry.set(CONSENT_SERVICES.rollout, singleFlight(s));
  },
  jobs(s) {
    const rollout = requireService<ReturnType<typeof singleFlight>>(s, CONSENT_SERVICES.rollout);
    return [{ name: JOB, schedule: '* * * * *', run: async () => void (await rollout.runNow()) }];
  },
  async stop(s) {
    const rollout = s.registry.get(CONSENT_SERVICES.rollout) as ReturnType<typeof singleFlight> | undefined;
    rollout?.abort.abort();
    await rollout?.idle();
  },
};
