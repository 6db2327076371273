import { MikroORM, type Options } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import type { EntityManager } from '@mikro-orm/knex';
import { ALL_SCHEMAS } from './schemas/index.js';
import { SQLITE_MIGRATIONS } from './migrations/sqlite/index.js';
import { POSTGRES_MIGRATIONS } from './migrations/postgresql/index.js';
import { BACKSTOP_AUTOCHECKPOINT_PAGES, BackgroundCheckpoints, type BackgroundCheckpointOptions } from './sqlite-checkpointer.js';

export type Driver = 'sqlite' | 'postgresql';

export interface DatabaseOptions {
  readonly driver: Driver;
  /** SQLite file path or PostgreSQL URL. */
  readonly url: string;
  readonly poolMax?: number;
  /**
   * SQLite: checkpoint the WAL on a worker thread instead of inside commits (long-running
   * processes that write steadily: the server, bulk CLI commands). See SqliteCheckpointer.
   */
  readonly checkpointInBackground?: boolean | BackgroundCheckpointOptions;
}

/** The pragmas every SQLite connection gets: durability, concurrency and real deletion. */
export const SQLITE_PRAGMAS = [
  'journal_mode = WAL',
  'synchronous = NORMAL',
  'foreign_keys = ON',
  'busy_timeout = 5000',
  'secure_delete = ON',
] as const;

interface PragmaConnection {
  pragma(source: string): unknown;
}

export class Database {
  private constructor(
    readonly orm: MikroORM,
    readonly driver: Driver,
    readonly url: string,
    /** SQLite with checkpointInBackground: the worker that checkpoints while the WAL is written to. */
    readonly checkpoints: BackgroundCheckpoints | null = null,
  ) {}

  static async open(options: DatabaseOptions): Promise<Database> {
    const common: Partial<Options> = {
      entities: [...ALL_SCHEMAS],
      allowGlobalContext: false,
      debug: false,
      discovery: { warnWhenNoEntities: false, disableDynamicFileAccess: true },
      extensions: [Migrator],
      forceUtcTimezone: true,
    };
    // Only the configured driver is loaded: the other one costs memory in every process
    // (the server, each CLI command) for nothing.
    const background = options.driver === 'sqlite' && options.checkpointInBackground !== undefined && options.checkpointInBackground !== false;
    const orm =
      options.driver === 'sqlite'
        ? await MikroORM.init({
            ...common,
            driver: (await import('@mikro-orm/better-sqlite')).BetterSqliteDriver,
            dbName: options.url,
            driverOptions: { client: (await import('./sqlite-dialect.js')).CachedStatementsSqliteDialect },
            pool: {
              min: 1,
              max: 1,
              afterCreate: (conn: PragmaConnection, done: (err: Error | null, conn: unknown) => void) => {
                try {
                  for (const p of SQLITE_PRAGMAS) conn.pragma(p);
                  if (background) conn.pragma(`wal_autocheckpoint = ${BACKSTOP_AUTOCHECKPOINT_PAGES}`);
                  done(null, conn);
                } catch (e) {
                  done(e as Error, conn);
                }
              },
            },
            migrations: {
              migrationsList: SQLITE_MIGRATIONS,
              tableName: 'schema_migrations',
              transactional: true,
              allOrNothing: true,
              snapshot: false,
              silent: true,
              snapshotName: '.snapshot-sqlite',
            },
          } as Options)
        : await MikroORM.init({
            ...common,
            driver: (await import('@mikro-orm/postgresql')).PostgreSqlDriver,
            clientUrl: options.url,
            pool: { min: 0, max: options.poolMax ?? 10 },
            migrations: {
              migrationsList: POSTGRES_MIGRATIONS,
              tableName: 'schema_migrations',
              transactional: true,
              allOrNothing: true,
              snapshot: false,
              silent: true,
              snapshotName: '.snapshot-postgresql',
            },
          } as Options);
    const canOpenTwice = options.url !== ':memory:' && options.url !== '';
    const checkpoints =
      background && canOpenTwice ? new BackgroundCheckpoints(options.url, options.checkpointInBackground === true ? {} : (options.checkpointInBackground as BackgroundCheckpointOptions)) : null;
    return new Database(orm, options.driver, options.url, checkpoints);
  }

  /** A fresh EntityManager: one per request and per job, never the global one. */
  fork(): EntityManager {
    return this.orm.em.fork() as unknown as EntityManager;
  }

  async migrate(): Promise<string[]> {
    const migrator = this.orm.getMigrator();
    const applied = await migrator.up();
    return applied.map((m) => m.name);
  }

  async pendingMigrations(): Promise<string[]> {
    const pending = await this.orm.getMigrator().getPendingMigrations();
    return pending.map((m) => m.name);
  }

  /** Cheap liveness query for /readyz. */
  async ping(): Promise<void> {
    await this.fork().getConnection().execute('select 1');
  }

  async close(): Promise<void> {
    await this.checkpoints?.stop();
    await this.orm.close(true);
  }
}
