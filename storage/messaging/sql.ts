import type { EntityManager } from '@mikro-orm/knex';

/** Raw, parameterised SQL inside the EntityManager's transaction (if it has one). */
export function sql<T = Record<string, unknown>>(
  em: EntityManager,
  query: string,
  params: readonly unknown[] = [],
  method: 'all' | 'get' | 'run' = 'all',
): Promise<T> {
  return em.execute(query, [...params], method) as Promise<T>;
}

/** PostgreSQL returns bigint columns as strings; SQLite returns numbers. */
export const num = (v: unknown): number => (typeof v === 'number' ? v : Number(v));
export const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : num(v));
