import type { AccessLogEntry, NewAccessLogEntry } from './access-log-entry.js';

/**
 * The canonical serialisation that the chain hashes. Decisions (stable across SQLite and
 * PostgreSQL round-trips, and across exports):
 * - a JSON array, not an object, so field order is fixed by position and no key ever moves;
 * - first element is the format version (1); `seq` is included, so moving an entry changes it;
 * - `at` as ISO-8601 UTC with milliseconds (both databases store millisecond precision);
 * - explicit `null` for absent values; `fields` sorted by code unit and de-duplicated;
 * - UTF-8 bytes of JSON.stringify (deterministic for strings, numbers and null).
 * Text is sanitised before storage (see `sanitiseEntry`), so what is hashed is what is stored.
 */
export const CANONICAL_VERSION = 1;

export const normaliseFields = (fields: readonly string[]): string[] => [...new Set(fields.map(cleanText))].sort();

/** Lone surrogates and NUL cannot be stored by PostgreSQL text; replacing them keeps round-trips exact. */
export function cleanText(s: string): string {
  return s.replace(/\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

const cleanOrNull = (s: string | null): string | null => (s === null ? null : cleanText(s));

/** The entry exactly as it will be stored and hashed. */
export function sanitiseEntry(entry: NewAccessLogEntry): NewAccessLogEntry {
  if (Number.isNaN(entry.at.getTime())) throw new Error('access-log entry has an invalid time');
  return {
    at: new Date(entry.at.getTime()),
    actorId: cleanOrNull(entry.actorId),
    actorRole: entry.actorRole,
    subjectId: cleanOrNull(entry.subjectId),
    action: entry.action,
    fields: normaliseFields(entry.fields),
    purpose: cleanOrNull(entry.purpose),
    justification: cleanOrNull(entry.justification),
    outcome: entry.outcome,
    reasonCode: cleanText(entry.reasonCode),
    channel: entry.channel,
    correlationId: cleanOrNull(entry.correlationId),
  };
}

export function canonical(seq: number, e: NewAccessLogEntry | AccessLogEntry): string {
  return `[${CANONICAL_VERSION},${seq},${canonicalBody(e)}`;
}

/**
 * Everything after the sequence number: `canonical(seq, e) === "[1," + seq + "," + body`.
 * The verifier hashes bodies, so moving an entry to another seq is a cheap relabel.
 */
export function canonicalBody(e: NewAccessLogEntry | AccessLogEntry): string {
  return JSON.stringify([
    e.at.toISOString(),
    e.actorId,
    e.actorRole,
    e.subjectId,
    e.action,
    normaliseFields(e.fields),
    e.purpose,
    e.justification,
    e.outcome,
    e.reasonCode,
    e.channel,
    e.correlationId,
  ]).slice(1);
}

/**
 * The same body built from stored columns, taking the stored fields JSON verbatim (the append
 * path stores `JSON.stringify(normaliseFields(fields))`, so an untouched row gives identical
 * bytes; a re-ordered or re-formatted fields cell no longer matches, which is tampering).
 * Saves parsing and re-sorting on the verify path.
 */
export function canonicalBodyFromStored(
  atIso: string,
  actorId: string | null,
  actorRole: string | null,
  subjectId: string | null,
  action: string,
  fieldsJson: string,
  purpose: string | null,
  justification: string | null,
  outcome: string,
  reasonCode: string,
  channel: string,
  correlationId: string | null,
): string {
  const head = JSON.stringify([atIso, actorId, actorRole, subjectId, action]);
  const tail = JSON.stringify([purpose, justification, outcome, reasonCode, channel, correlationId]);
  return `${head.slice(1, -1)},${fieldsJson},${tail.slice(1)}`;
}
