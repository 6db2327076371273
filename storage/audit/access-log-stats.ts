import type { Database } from '../database.js';
import { timeParam } from './access-log-rows.js';

export interface AccessLogStats {
  readonly revealsByPurpose: ReadonlyArray<{ readonly purpose: string; readonly count: number }>;
  /** ISO week start (Monday, UTC) and the number of refused decisions that week. */
  readonly refusedPerWeek: ReadonlyArray<{ readonly week: string; readonly count: number }>;
}

const WEEK_MS = 7 * 24 * 60 * 60 * 1000;
// 1970-01-05 was a Monday: weeks are counted from there so buckets start on Mondays (UTC).
const MONDAY_EPOCH_MS = 4 * 24 * 60 * 60 * 1000;

/** Aggregates for the auditor's charts, over the last `weeks` weeks. Counts only, never text. */
export async function accessLogStats(db: Database, now: Date, weeks: number): Promise<AccessLogStats> {
  const since = new Date(now.getTime() - weeks * WEEK_MS);
  const conn = db.fork().getConnection();
  const at = db.driver === 'sqlite' ? 'at' : '(extract(epoch from at) * 1000)::bigint';
  const reveals = (await conn.execute(
    `select purpose, count(*) as n from access_log
      where action = 'reveal' and outcome = 'allowed' and at >= ? group by purpose order by n desc`,
    [timeParam(db.driver, since)],
  )) as Array<{ purpose: string | null; n: number | string }>;
  const refused = (await conn.execute(
    `select (${at} - ${MONDAY_EPOCH_MS}) / ${WEEK_MS} as w, count(*) as n from access_log
      where outcome = 'denied' and at >= ? group by w order by w`,
    [timeParam(db.driver, since)],
  )) as Array<{ w: number | string; n: number | string }>;
  return {
    revealsByPurpose: reveals.map((r) => ({ purpose: r.purpose ?? 'none', count: Number(r.n) })),
    refusedPerWeek: refused.map((r) => ({
      week: new Date(Number(r.w) * WEEK_MS + MONDAY_EPOCH_MS).toISOString().slice(0, 10),
      count: Number(r.n),
    })),
  };
}
