import type { NewAccessLogEntry } from '../audit/access-log-entry.js';
import { pseudonymFor } from '../records/employee.js';
import type { KeyScope } from '../records/field-catalog.js';
import { DAY_MS, type Clock } from '../shared/clock.port.js';
import { required, type Transactor, type UnitOfWork } from '../shared/unit-of-work.port.js';
import { dueRecordFieldsOf, dueScopesOf, retentionSchedule, scopeDeadlinesOf, type FieldDeadline } from './retention-schedule.js';
import type { Anonymisation, ShredTarget } from './retention.port.js';

export interface PurgeDeps {
  readonly tx: Transactor;
  readonly clock: Clock;
  /** Called between batches (with the last one's duration) so other work (the webhook) gets the event loop and the database. */
  readonly pause?: (lastBatchMs: number) => Promise<void>;
  /** Monotonic milliseconds (default `performance.now`): batches are sized by how long they take. */
  readonly elapsedMs?: () => number;
}

export interface PurgeInput {
  /** People per transaction. Unset: sized as the run goes so one batch takes about 25 ms. */
  readonly batchSize?: number;
  /** List what would go; change nothing, send nothing, log nothing. */
  readonly dryRun?: boolean;
  /** Tell the former employee this many days before a deadline (when they left a channel). */
  readonly noticeDays?: number;
}

/** One person's share of a run: what went (or would go), and why not when held. */
export interface PurgeItem {
  readonly employeeId: string;
  readonly employeeNo: string;
  readonly scopes: readonly KeyScope[];
  readonly fields: readonly string[];
  readonly anonymise: boolean;
  readonly held: boolean;
}

export interface PurgeReport {
  /** 'locked': another instance holds the purge; nothing was done here. */
  readonly status: 'done' | 'locked';
  readonly dryRun: boolean;
  readonly examined: number;
  readonly purged: number;
  readonly fieldsErased: number;
  readonly keysDestroyed: number;
  readonly anonymised: number;
  readonly held: readonly string[];
  readonly noticesQueued: number;
  /** Per person (dry run: what would go; real run: what went). */
  readonly items: readonly PurgeItem[];
}

const DEFAULT_NOTICE_DAYS = 14;

/**
 * Batch sizing. A batch holds the database (SQLite has one connection) and the event loop for
 * as long as it runs, so a request arriving mid-batch waits for the rest of it: batches aim at
 * TARGET_BATCH_MS whatever the machine's speed or load, from the cost per person just measured.
 * Growth is at most doubling, so a cheap batch (nobody due) cannot jump to an expensive one.
 */
export const TARGET_BATCH_MS = 25;
const FIRST_BATCH = 50;
const MIN_BATCH = 10;
const MAX_BATCH = 1000;

export function nextBatchSize(size: number, tookMs: number): number {
  const fitted = Math.round((size * TARGET_BATCH_MS) / Math.max(tookMs, 1));
  return Math.max(MIN_BATCH, Math.min(MAX_BATCH, size * 2, fitted));
}

/**
 * The rest between batches: a timer for an eighth of the batch's time, so requests that need
 * several loop turns (read the body, verify, queue the inbox write, answer) finish inside it and
 * the purge keeps at most about 90 % of the loop (a quarter cost 10 % more purge time for no
 * p99 a webhook could notice: 42 ms at 200 req/s during a 100k purge on a quiet machine); then two immediate turns, so a write queued in
 * the last turn (the inbox writer starts on setImmediate) takes the connection before the next
 * batch asks for it.
 */
const restBetweenBatches = async (lastBatchMs: number): Promise<void> => {
  await new Promise<void>((r) => setTimeout(r, Math.max(1, Math.round(lastBatchMs / 8))));
  await new Promise<void>((r) => setImmediate(() => setImmediate(r)));
};

/** True when nothing but the kept minimal record is left to keep: every other deadline has passed. */
const fullyDue = (schedule: readonly FieldDeadline[], now: Date): boolean => schedule.every((d) => d.deleteAt === null || d.deleteAt <= now);

/** The next deadline after `now` that still has something to erase. */
function nextDeadline(deadlines: ReadonlyMap<KeyScope, Date | null>, live: readonly KeyScope[], now: Date): Date | null {
  let next: Date | null = null;
  for (const [scope, at] of deadlines) {
    if (at === null || at <= now || !live.includes(scope)) continue;
    if (next === null || at < next) next = at;
  }
  return next;
}

type Options = Required<Omit<PurgeInput, 'batchSize'>>;

interface BatchResult {
  readonly locked: boolean;
  readonly lastId: string | null;
  readonly examined: number;
  readonly items: PurgeItem[];
  readonly keys: number;
  readonly notices: number;
}

async function purgeBatch(uow: UnitOfWork, now: Date, afterId: string | null, size: number, input: Options): Promise<BatchResult> {
  const store = required(uow.retention, 'retention');
  if (!input.dryRun && !(await store.tryLock())) return { locked: true, lastId: null, examined: 0, items: [], keys: 0, notices: 0 };
  const catalog = await uow.catalog.current();
  const batch = await store.candidates(afterId, size);
  const live = await store.liveScopes(batch.map((e) => e.id));
  const items: PurgeItem[] = [];
  const targets: ShredTarget[] = [];
  const anonymise: Anonymisation[] = [];
  let notices = 0;
  for (const e of batch) {
    const liveScopes = live.get(e.id) ?? [];
    // One schedule per person, every question below answered from it.
    const schedule = retentionSchedule(e, catalog);
    const deadlines = scopeDeadlinesOf(schedule);
    const scopes = dueScopesOf(deadlines, now).filter((s) => liveScopes.includes(s));
    const whole = fullyDue(schedule, now);
    if (scopes.length === 0 && !whole) {
      const next = nextDeadline(deadlines, liveScopes, now);
      const reachable = e.separation.postDepartureChannel === 'email' && e.separation.relayOptIn && liveScopes.includes('separation');
      if (!input.dryRun && !e.legalHold && reachable && next && next.getTime() - now.getTime() <= input.noticeDays * DAY_MS) {
        const deadline = next.toISOString().slice(0, 10);
        // The outbox's dedupe key makes this once per person and deadline, however often we run.
        await uow.outbox.enqueue({
          recipient: { kind: 'former_employee_mail', employeeId: e.id },
          template: 'retention.notice',
          params: { deadline },
          dedupeKey: `retention-notice:${e.id}:${deadline}`,
        });
        notices += 1;
      }
      continue;
    }
    const fields = dueRecordFieldsOf(schedule, now);
    if (e.legalHold) {
      items.push({ employeeId: e.id, employeeNo: e.employeeNo, scopes, fields: [], anonymise: false, held: true });
      continue;
    }
    targets.push({ employeeId: e.id, scopes });
    if (whole) anonymise.push({ employeeId: e.id, pseudonym: pseudonymFor(e.id), recordFields: fields, at: now });
    items.push({ employeeId: e.id, employeeNo: e.employeeNo, scopes, fields: whole ? fields : [], anonymise: whole, held: false });
  }
  const lastId = batch[batch.length - 1]?.id ?? null;
  if (input.dryRun) return { locked: false, lastId, examined: batch.length, items, keys: targets.reduce((n, t) => n + t.scopes.length, 0), notices };

  const erased = targets.length ? await store.shred(targets) : new Map<string, string[]>();
  if (anonymise.length) await store.anonymise(anonymise);
  const done = items.map((i) => (i.held ? i : { ...i, fields: [...(erased.get(i.employeeId) ?? []), ...i.fields] }));
  // Ids, field names and counts only: a deletion record never holds what was deleted. The
  // batch's records go into the chain as one segment, in the batch's transaction.
  await uow.accessLog.appendMany(
    done.map(
      (i): NewAccessLogEntry => ({
        at: now,
        actorId: null,
        actorRole: 'system',
        subjectId: i.employeeId,
        action: 'purge',
        fields: i.held ? [] : i.fields,
        purpose: null,
        justification: null,
        outcome: i.held ? 'denied' : 'recorded',
        reasonCode: i.held ? 'LEGAL_HOLD' : i.anonymise ? 'RETENTION_ANONYMISED' : 'RETENTION_ERASED',
        channel: 'system',
        correlationId: null,
      }),
    ),
  );
  return { locked: false, lastId, examined: batch.length, items: done, keys: targets.reduce((n, t) => n + t.scopes.length, 0), notices };
}

/**
 * The retention purge: walks former employees in small transactions, crypto-shreds every key
 * scope whose deadline passed, anonymises those with nothing left but the minimal record, and
 * logs one deletion record per person. Idempotent (a second run finds nothing due); a legal
 * hold skips the person and says so in the log.
 */
export async function purgeExpired(deps: PurgeDeps, input: PurgeInput = {}): Promise<PurgeReport> {
  const opts: Options = { dryRun: input.dryRun ?? false, noticeDays: input.noticeDays ?? DEFAULT_NOTICE_DAYS };
  const fixed = input.batchSize;
  let size = fixed ?? FIRST_BATCH;
  const now = deps.clock.now();
  const pause = deps.pause ?? restBetweenBatches;
  const elapsed = deps.elapsedMs ?? (() => performance.now());
  const items: PurgeItem[] = [];
  let examined = 0;
  let keys = 0;
  let notices = 0;
  let afterId: string | null = null;
  for (;;) {
    const cursor: string | null = afterId;
    const take = size;
    const started = elapsed();
    const r: BatchResult = await deps.tx.run((uow) => purgeBatch(uow, now, cursor, take, opts));
    if (r.locked) return report('locked');
    examined += r.examined;
    keys += r.keys;
    notices += r.notices;
    items.push(...r.items);
    if (r.examined < take || r.lastId === null) break;
    afterId = r.lastId;
    const took = elapsed() - started;
    if (fixed === undefined) size = nextBatchSize(take, took);
    await pause(took);
  }
  if (!opts.dryRun && keys > 0) await deps.tx.run((uow) => required(uow.retention, 'retention').finish());
  return report('done');

  function report(status: PurgeReport['status']): PurgeReport {
    const purged = items.filter((i) => !i.held);
    return {
      status,
      dryRun: opts.dryRun,
      examined,
      purged: purged.length,
      fieldsErased: purged.reduce((n, i) => n + i.fields.length, 0),
      keysDestroyed: keys,
      anonymised: purged.filter((i) => i.anonymise).length,
      held: items.filter((i) => i.held).map((i) => i.employeeId),
      noticesQueued: notices,
      items,
    };
  }
}
