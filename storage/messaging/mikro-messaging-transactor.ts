import type { EntityManager } from '@mikro-orm/knex';
import type { MessagingTransactor, MessagingUnitOfWork } from '../../core/messaging/messaging-transactor.port.js';
import type { UnitOfWork } from '../../core/shared/unit-of-work.port.js';
import type { Database } from '../database.js';
import { MikroCardActionJournal } from './mikro-card-actions.repository.js';
import { MikroInboxQueue } from './mikro-inbox.repository.js';

/** Something that binds the application's repositories to an EntityManager (MikroTransactor). */
export interface UnitOfWorkBinder {
  bind(em: EntityManager): UnitOfWork;
}

/** One transaction over the application's repositories and the bot's inbox and card journal. */
export class MikroMessagingTransactor implements MessagingTransactor {
  constructor(
    private readonly db: Database,
    private readonly binder: UnitOfWorkBinder,
  ) {}

  run<T>(work: (tx: MessagingUnitOfWork) => Promise<T>): Promise<T> {
    return this.db.fork().transactional(async (forked) => {
      const em = forked as unknown as EntityManager;
      return work({
        uow: this.binder.bind(em),
        inbox: new MikroInboxQueue(em, this.db.driver),
        cardActions: new MikroCardActionJournal(em),
      });
    });
  }
}
