import type { UnitOfWork } from '../shared/unit-of-work.port.js';
import type { CardActionJournal } from './card-actions.port.js';
import type { InboxQueue } from './inbox.port.js';

/** The application's unit of work plus the bot's own queues, all in one transaction. */
export interface MessagingUnitOfWork {
  readonly uow: UnitOfWork;
  readonly inbox: InboxQueue;
  readonly cardActions: CardActionJournal;
}

/**
 * Runs work in one transaction so that marking an inbound message processed, the state it
 * changed and the replies it caused (outbox) commit together — exactly-once in effect.
 */
export interface MessagingTransactor {
  run<T>(work: (tx: MessagingUnitOfWork) => Promise<T>): Promise<T>;
}
