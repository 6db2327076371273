import { BetterSqliteKnexDialect } from '@mikro-orm/knex';
import type BetterSqlite3 from 'better-sqlite3';

/** Distinct statement texts kept per connection (generated `in (?, ?, …)` lists vary in length). */
const MAX_STATEMENTS = 256;

const caches = new WeakMap<BetterSqlite3.Database, Map<string, BetterSqlite3.Statement>>();

/** The connection's prepared statement for `sql`, least recently used evicted first. */
function prepared(conn: BetterSqlite3.Database, sql: string): BetterSqlite3.Statement {
  let byText = caches.get(conn);
  if (!byText) caches.set(conn, (byText = new Map()));
  let statement = byText.get(sql);
  if (statement) {
    byText.delete(sql);
  } else {
    statement = conn.prepare(sql);
    if (byText.size >= MAX_STATEMENTS) byText.delete(byText.keys().next().value!);
  }
  byText.set(sql, statement);
  return statement;
}

interface KnexQuery {
  sql: string;
  bindings?: unknown[];
  options?: { safeIntegers?: unknown };
  response?: unknown;
  context?: { lastID: number | bigint; changes: number };
}

/**
 * knex's better-sqlite3 client prepares every statement anew, which costs about as much as
 * running it (a card action's handful of short queries spent as long in prepare as in SQLite).
 * This client keeps prepared statements per connection. It runs them exactly as knex does; a
 * query asking for its own safeIntegers mode is prepared fresh, since a mode set on a shared
 * statement would stick to it. Used by Database.open for SQLite (driverOptions.client).
 */
export class CachedStatementsSqliteDialect extends BetterSqliteKnexDialect {
  async _query(connection: BetterSqlite3.Database, obj: KnexQuery): Promise<KnexQuery> {
    if (!obj.sql) throw new Error('The query is empty');
    if (!connection) throw new Error('No connection provided');
    if (typeof obj.options?.safeIntegers === 'boolean') return super._query(connection, obj) as Promise<KnexQuery>;
    const statement = prepared(connection, obj.sql);
    const bindings = this._formatBindings(obj.bindings) as unknown[];
    if (statement.reader) {
      obj.response = statement.all(bindings);
      return obj;
    }
    const response = statement.run(bindings);
    obj.response = response;
    obj.context = { lastID: response.lastInsertRowid, changes: response.changes };
    return obj;
  }
}
