import { MikroORM, type IMigrator, type MigrationObject, type Options } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/knex';
import { ALL_SCHEMAS } from './schemas/index.js';
import { MIGRATION_NAMES } from './migrations/names.js';
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

  /**
   * Applies what is pending. With nothing pending (every start after the first) the answer comes
   * from the migrations table alone: loading the migrator (umzug and its command-line parser)
   * and the migration classes was a tenth of a restart.
   */
  async migrate(): Promise<string[]> {
    if ((await this.pendingMigrations()).length === 0) return [];
    const done = await (await this.migrator()).up();
    return done.map((m) => m.name);
  }

  /** Migrations not yet applied, by name (one small query: /readyz asks on every probe). */
  async pendingMigrations(): Promise<string[]> {
    const applied = await this.appliedMigrationNames();
    return MIGRATION_NAMES.filter((name) => !applied.has(name));
  }

  private async appliedMigrationNames(): Promise<Set<string>> {
    try {
      const rows = await this.fork().getConnection().execute<Array<{ name: string }>>('select name from schema_migrations', [], 'all');
      return new Set(rows.map((r) => r.name));
    } catch (e) {
      // No migrations table yet (a new database); anything else (unreachable, refused) is an error.
      if (/no such table|does not exist/i.test((e as Error).message)) return new Set();
      throw e;
    }
  }

  private migratorLoaded: Promise<IMigrator> | undefined;

  /** MikroORM's migrator with this dialect's migrations, loaded on first use. */
  private migrator(): Promise<IMigrator> {
    return (this.migratorLoaded ??= (async () => {
      const [{ Migrator }, migrationsList] = await Promise.all([
        import('@mikro-orm/migrations'),
        this.driver === 'sqlite'
          ? import('./migrations/sqlite/index.js').then((m): MigrationObject[] => m.SQLITE_MIGRATIONS)
          : import('./migrations/postgresql/index.js').then((m): MigrationObject[] => m.POSTGRES_MIGRATIONS),
      ]);
      this.orm.config.set('migrations', { ...this.orm.config.get('migrations'), migrationsList });
      Migrator.register(this.orm);
      return this.orm.getMigrator();
    })());
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
