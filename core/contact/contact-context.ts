import type { Channel, LogOutcome, NewAccessLogEntry } from '../audit/access-log-entry.js';
import { roleForLog } from '../access/access-context.js';
import type { Employee } from '../records/employee.js';
import type { Clock } from '../shared/clock.port.js';
import type { IdGenerator } from '../shared/ids.port.js';
import type { Transactor, UnitOfWork } from '../shared/unit-of-work.port.js';
import type { ContactStore } from './contact-store.port.js';
import type { ContactLinkIssuer } from './contact-links.js';

/** The ports every contact use case takes. */
export interface ContactDeps {
  readonly tx: Transactor;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly links: ContactLinkIssuer;
}

/** The contact repositories of this transaction; their absence is a wiring bug, not a refusal. */
export function contactsOf(uow: UnitOfWork): ContactStore {
  if (!uow.contacts) throw new Error('contact-request storage is not part of this unit of work (composition root)');
  return uow.contacts;
}

/** Runs work inside a transaction that is already open (a chat handler's), instead of a new one. */
export const withinTransaction = (uow: UnitOfWork): Transactor => ({ run: (work) => work(uow) });

export const CONTACT_PURPOSE = 'contact_relay';

export interface ContactLogInput {
  readonly at: Date;
  readonly channel: Channel;
  /** null: the system; a former employee acting through a link is logged with their id. */
  readonly actor: Employee | null;
  readonly actorRole?: NewAccessLogEntry['actorRole'];
  readonly subjectId: string | null;
  readonly requestId: string | null;
  readonly outcome: LogOutcome;
  readonly reasonCode: string;
  readonly action?: NewAccessLogEntry['action'];
  readonly fields?: readonly string[];
  /** A category code (the request's reason), never the requester's message. */
  readonly justification?: string | null;
}

/** One access-log entry about a contact request: ids and codes, never a message or a value. */
export function contactLog(uow: UnitOfWork, e: ContactLogInput): Promise<unknown> {
  return uow.accessLog.append({
    at: e.at,
    actorId: e.actor?.id ?? null,
    actorRole: e.actorRole ?? (e.actor ? roleForLog(e.actor) : 'system'),
    subjectId: e.subjectId,
    action: e.action ?? 'contact_request',
    fields: [...(e.fields ?? [])],
    purpose: CONTACT_PURPOSE,
    justification: e.justification ?? null,
    outcome: e.outcome,
    reasonCode: e.reasonCode,
    channel: e.channel,
    correlationId: e.requestId,
  });
}
