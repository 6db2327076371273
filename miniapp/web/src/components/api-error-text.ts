import { ApiError } from '../api/client.js';
import type { I18n } from '../i18n/i18n.js';

/**
 * An API error as one sentence: what went wrong (the code) and, when the server named one, why
 * (`details.reason`, e.g. IN_THE_PAST or NOT_HR_ADMIN), so a refusal is never a bare "error".
 */
export function apiErrorText(i18n: I18n, e: unknown): string {
  if (!(e instanceof ApiError)) return i18n.t('error.generic');
  const what = i18n.tOr(`error.code.${e.code}`, e.code);
  const why = e.reason ? i18n.tOr(`reason.${e.reason}`, e.reason) : null;
  return why ? `${what}: ${why}` : what;
}

/** Today's calendar day (YYYY-MM-DD) in the configured time zone, not the browser's. */
export function todayIn(timezone: string, now: Date = new Date()): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(now);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** The calendar day `days` after an ISO day (UTC arithmetic on a date has no time-zone shift). */
export function addDays(isoDay: string, days: number): string {
  const d = new Date(`${isoDay}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
