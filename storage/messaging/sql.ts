import type { EntityManager } from '@mikro-orm/knex';

/**
 * Raw, parameterised SQL inside the EntityManager's transaction (if it has one). The values are
 * bound by the driver rather than inlined into the text (as em.execute does): the text stays the
 * same from call to call, so SQLite reuses one prepared statement (storage/sqlite-dialect.ts),
 * and no value is quoted into SQL. `run` resolves to the number of changed rows.
 */
export async function sql<T = Record<string, unknown>>(
  em: EntityManager,
  query: string,
  params: readonly unknown[] = [],
  method: 'all' | 'get' | 'run' = 'all',
): Promise<T> {
  const raw = em.getKnex().raw(query, params.map((p) => (p === undefined ? null : p)) as never[]);
  const trx = em.getTransactionContext();
  if (trx) raw.transacting(trx as never);
  // better-sqlite3: rows, or { changes } for a write; PostgreSQL: { rows, rowCount }.
  const res = (await raw) as unknown[] | { rows?: unknown[]; changes?: number; rowCount?: number | null };
  if (method === 'run') return (Array.isArray(res) ? res.length : (res.changes ?? res.rowCount ?? 0)) as T;
  const rows = Array.isArray(res) ? res : (res.rows ?? []);
  return (method === 'get' ? rows[0] : rows) as T;
}

/** PostgreSQL returns bigint columns as strings; SQLite returns numbers. */
export const num = (v: unknown): number => (typeof v === 'number' ? v : Number(v));
export const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : num(v));
