import type { EntityManager } from '@mikro-orm/knex';
import type { Clock } from '../core/shared/clock.port.js';
import type { IdGenerator } from '../core/shared/ids.port.js';
import type { Transactor, UnitOfWork } from '../core/shared/unit-of-work.port.js';
import type { Database } from './database.js';
import type { KeyRing } from './crypto/key-ring.js';

/** What every repository may need besides its EntityManager. */
export interface StorageContext {
  readonly db: Database;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  /** Master keys (current + retired) and the cache of unwrapped data keys. */
  readonly keyring: KeyRing;
}

/** One factory per UnitOfWork member; each feature contributes its own. */
export type RepositoryFactories = {
  readonly [K in keyof UnitOfWork]: (em: EntityManager, ctx: StorageContext) => UnitOfWork[K];
};

/**
 * Runs work in one database transaction on a fresh EntityManager fork, with every repository
 * bound to that transaction. Repositories are built lazily: a use case pays only for what it touches.
 */
export class MikroTransactor implements Transactor {
  constructor(
    private readonly ctx: StorageContext,
    private readonly factories: RepositoryFactories,
  ) {}

  run<T>(work: (uow: UnitOfWork) => Promise<T>): Promise<T> {
    return this.ctx.db.fork().transactional(async (em) => work(this.bind(em as unknown as EntityManager)));
  }

  /** Repositories bound to an existing EntityManager (e.g. a job's own transaction). */
  bind(em: EntityManager): UnitOfWork {
    const cache = new Map<keyof UnitOfWork, unknown>();
    const factories = this.factories;
    const ctx = this.ctx;
    return new Proxy({} as UnitOfWork, {
      get(_target, prop: string | symbol) {
        const key = prop as keyof UnitOfWork;
        const factory = factories[key] as ((em: EntityManager, ctx: StorageContext) => unknown) | undefined;
        if (!factory) return undefined;
        if (!cache.has(key)) cache.set(key, factory(em, ctx));
        return cache.get(key);
      },
    });
  }
}
