import type { Clock } from '../shared/clock.port.js';
import { required, type Transactor } from '../shared/unit-of-work.port.js';
import { askForConsent } from './consent-prompt.js';

export interface PromptRolloutDeps {
  readonly tx: Transactor;
  readonly clock: Clock;
  /** Called between batches so other work (webhooks, the mini-app) gets the event loop and the database. */
  readonly pause?: () => Promise<void>;
}

export interface PromptRolloutReport {
  /** 'locked': another instance is rolling out right now; 'idle': nothing to do. */
  readonly status: 'done' | 'locked' | 'idle';
  readonly version: number | null;
  readonly prompted: number;
  readonly batches: number;
}

// About 30 ms per batch on SQLite (10k people, load 10): the webhook waits about that long for the writer.
const DEFAULT_BATCH = 100;
const yieldToLoop = () => new Promise<void>((r) => setImmediate(r));

/**
 * Asks everybody in the organisation who has not answered the newly published notice, one
 * short transaction per batch (the cards go through the outbox in the batch's transaction, with
 * the "asked" marks). Idempotent: a person asked about a version is never asked again, so a
 * re-run, a crash mid-way or a second instance sends nothing twice. A rollout of a version that
 * a newer one replaced is closed: those people are asked about the newer one instead.
 */
export async function runPromptRollout(deps: PromptRolloutDeps, options: { batchSize?: number; signal?: AbortSignal } = {}): Promise<PromptRolloutReport> {
  const batchSize = options.batchSize ?? DEFAULT_BATCH;
  const pause = deps.pause ?? yieldToLoop;
  let afterId: string | null = null;
  let prompted = 0;
  let batches = 0;
  let version: number | null = null;
  for (;;) {
    if (options.signal?.aborted) return { status: 'done', version, prompted, batches };
    const step = await deps.tx.run(async (uow) => {
      const ledger = required(uow.consents, 'consents');
      if (!(await ledger.tryLockRollout())) return { kind: 'locked' as const };
      const now = deps.clock.now();
      const notice = await ledger.currentNotice();
      const open = await ledger.openRollouts();
      for (const v of open) if (v !== notice?.version) await ledger.finishRollout(v, now);
      if (!notice || !open.includes(notice.version)) return { kind: 'idle' as const };
      // A newer notice published mid-run starts again from the first person.
      const ids = await ledger.unprompted(notice.version, notice.version === version ? afterId : null, batchSize);
      const asked = await askForConsent({ consents: ledger, outbox: uow.outbox }, ids, 'new_notice', now, notice);
      if (ids.length < batchSize) await ledger.finishRollout(notice.version, now);
      return { kind: 'batch' as const, version: notice.version, asked, last: ids.at(-1) ?? null, more: ids.length === batchSize };
    });
    if (step.kind === 'locked') return { status: batches === 0 ? 'locked' : 'done', version, prompted, batches };
    if (step.kind === 'idle') return { status: batches === 0 ? 'idle' : 'done', version, prompted, batches };
    batches += 1;
    version = step.version;
    prompted += step.asked;
    if (!step.more) return { status: 'done', version, prompted, batches };
    afterId = step.last;
    await pause();
  }
}
