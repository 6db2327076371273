import type { EntityManager } from '@mikro-orm/knex';
import type BetterSqlite3 from 'better-sqlite3';

/**
 * The access log's SQLite hot paths (append, keyset reads for verify and export) run on the
 * better-sqlite3 connection itself with cached prepared statements: going through knex
 * re-formats and re-prepares every statement, which costs more than the work. Inside a
 * transaction this is the transaction's own connection, so atomicity is unchanged.
 */
type RawClient = { acquireConnection(): Promise<unknown>; releaseConnection(c: unknown): Promise<void> };

const statements = new WeakMap<BetterSqlite3.Database, Map<string, BetterSqlite3.Statement>>();

export function prepared(conn: BetterSqlite3.Database, sql: string): BetterSqlite3.Statement {
  let byText = statements.get(conn);
  if (!byText) statements.set(conn, (byText = new Map()));
  let s = byText.get(sql);
  if (!s) byText.set(sql, (s = conn.prepare(sql)));
  return s;
}

/** Runs `work` on the raw connection: the transaction's when there is one, else a pooled one. */
export async function withSqliteConnection<T>(em: EntityManager, work: (conn: BetterSqlite3.Database) => T): Promise<T> {
  const trx = em.getTransactionContext() as { client: RawClient } | undefined;
  if (trx) return work((await trx.client.acquireConnection()) as BetterSqlite3.Database);
  const client = em.getKnex().client as unknown as RawClient;
  const conn = (await client.acquireConnection()) as BetterSqlite3.Database;
  try {
    return work(conn);
  } finally {
    await client.releaseConnection(conn);
  }
}

/** Rows of a read query: prepared and cached on SQLite, through MikroORM on PostgreSQL. */
export async function allRows<T>(em: EntityManager, driver: 'sqlite' | 'postgresql', sql: string, params: unknown[]): Promise<T[]> {
  if (driver === 'postgresql') return em.execute<T[]>(sql, params, 'all');
  return withSqliteConnection(em, (conn) => prepared(conn, sql).raw(false).all(...params) as T[]);
}

/** Rows as arrays (column order of the query), SQLite only: the cheapest shape to read. */
export async function rawArrays(em: EntityManager, sql: string, params: unknown[]): Promise<unknown[][]> {
  return withSqliteConnection(em, (conn) => prepared(conn, sql).raw(true).all(...params) as unknown[][]);
}
