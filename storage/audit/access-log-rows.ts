import type { AccessLogEntry, Channel, LogAction, LogOutcome, NewAccessLogEntry } from '../../core/audit/access-log-entry.js';
import type { ChainPoint } from '../../core/audit/chain.js';
import type { Driver } from '../database.js';

/** Columns of `access_log` in canonical order (shared by inserts, reads and exports). */
export const ENTRY_COLUMNS =
  'seq, at, actor_id, actor_role, subject_id, action, fields, purpose, justification, outcome, reason_code, channel, correlation_id, hash';

export interface EntryRow {
  seq: number | string;
  at: number | string | Date;
  actor_id: string | null;
  actor_role: string | null;
  subject_id: string | null;
  action: string;
  fields: string;
  purpose: string | null;
  justification: string | null;
  outcome: string;
  reason_code: string;
  channel: string;
  correlation_id: string | null;
  hash: string;
}

/** SQLite keeps `at` as epoch milliseconds; PostgreSQL as timestamptz(3). */
export const timeParam = (driver: Driver, at: Date): number | string => (driver === 'sqlite' ? at.getTime() : at.toISOString());

const toDate = (v: number | string | Date): Date => (v instanceof Date ? v : new Date(typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v));

export function rowToEntry(r: EntryRow): AccessLogEntry {
  return {
    seq: Number(r.seq),
    at: toDate(r.at),
    actorId: r.actor_id,
    actorRole: r.actor_role as AccessLogEntry['actorRole'],
    subjectId: r.subject_id,
    action: r.action as LogAction,
    fields: JSON.parse(r.fields) as string[],
    purpose: r.purpose,
    justification: r.justification,
    outcome: r.outcome as LogOutcome,
    reasonCode: r.reason_code,
    channel: r.channel as Channel,
    correlationId: r.correlation_id,
    hash: r.hash,
  };
}

export function entryParams(driver: Driver, seq: number, e: NewAccessLogEntry, hash: string): unknown[] {
  return [
    seq,
    timeParam(driver, e.at),
    e.actorId,
    e.actorRole,
    e.subjectId,
    e.action,
    JSON.stringify(e.fields),
    e.purpose,
    e.justification,
    e.outcome,
    e.reasonCode,
    e.channel,
    e.correlationId,
    hash,
  ];
}

export interface HeadRow {
  seq: number | string;
  hash: string;
  anchor_seq: number | string;
  anchor_hash: string;
}

export interface ChainHead {
  readonly head: ChainPoint;
  /** The last pruned entry (genesis when nothing was pruned). */
  readonly anchor: ChainPoint;
}

export const rowToHead = (r: HeadRow): ChainHead => ({
  head: { seq: Number(r.seq), hash: r.hash },
  anchor: { seq: Number(r.anchor_seq), hash: r.anchor_hash },
});
