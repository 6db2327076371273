import type { Role } from '../records/roles.js';

export const CHANNELS = ['bot', 'miniapp', 'api', 'cli', 'system'] as const;
export type Channel = (typeof CHANNELS)[number];

export const LOG_OUTCOMES = ['allowed', 'denied', 'pending', 'recorded'] as const;
export type LogOutcome = (typeof LOG_OUTCOMES)[number];

/**
 * What happened, in a word: a reveal decision, a masked view, a contact-request transition,
 * a consent change, a purge, a policy edit...
 */
export type LogAction =
  | 'reveal'
  | 'view'
  | 'export'
  | 'break_glass.start'
  | 'break_glass.stop'
  | 'approval'
  | 'contact_request'
  | 'consent'
  | 'offboarding'
  | 'purge'
  | 'catalog.edit'
  | 'roles.edit'
  | 'correction'
  | 'import'
  | 'key_rotation'
  | 'security';

/**
 * An access-log entry as appended. Never a revealed value: ids, codes and the requester's
 * own justification only. Entries keep ids, so purging a person never edits the log.
 */
export interface NewAccessLogEntry {
  readonly at: Date;
  readonly actorId: string | null; // null = the system
  readonly actorRole: Role | 'system' | 'former_employee' | null;
  readonly subjectId: string | null;
  readonly action: LogAction;
  readonly fields: readonly string[];
  readonly purpose: string | null;
  readonly justification: string | null;
  readonly outcome: LogOutcome;
  readonly reasonCode: string;
  readonly channel: Channel;
  readonly correlationId: string | null;
}

export interface AccessLogEntry extends NewAccessLogEntry {
  readonly seq: number;
  /** h_seq = SHA-256(h_{seq-1} || canonical(entry)), hex. */
  readonly hash: string;
}
