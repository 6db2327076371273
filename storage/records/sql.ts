import type { EntityManager } from '@mikro-orm/knex';
import type { Driver } from '../database.js';

export type Row = Record<string, unknown>;

/**
 * Parameterised SQL (driver-level bindings through knex) on the unit of work's own transaction.
 * Used where the ORM would cost a flush per row: bulk import and the vault's hot path.
 */
export class Sql {
  constructor(
    readonly em: EntityManager,
    readonly driver: Driver,
  ) {}

  private async raw(sql: string, params: readonly unknown[]): Promise<unknown> {
    const query = this.em.getKnex().raw(sql, [...params] as never[]);
    const tx = this.em.getTransactionContext();
    if (tx) query.transacting(tx as never);
    return query;
  }

  async all<T extends Row = Row>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    const res = (await this.raw(sql, params)) as T[] | { rows: T[] };
    return Array.isArray(res) ? res : res.rows;
  }

  async get<T extends Row = Row>(sql: string, params: readonly unknown[] = []): Promise<T | undefined> {
    return (await this.all<T>(sql, params))[0];
  }

  /** Runs a write; resolves to the number of rows it changed. */
  async run(sql: string, params: readonly unknown[] = []): Promise<number> {
    const res = (await this.raw(sql, params)) as { changes?: number; rowCount?: number | null };
    return res.changes ?? res.rowCount ?? 0;
  }

  /** `(?, ?, ?), (?, ?, ?)` for a multi-row insert of `rows` rows of `width` columns. */
  static tuples(rows: number, width: number): string {
    const one = `(${new Array(width).fill('?').join(', ')})`;
    return new Array(rows).fill(one).join(', ');
  }

  static marks(n: number): string {
    return new Array(n).fill('?').join(', ');
  }
}

/** Instants come back as ISO text (SQLite), '2025-06-01 08:00:00+00' text or a Date (PostgreSQL). */
export const isoOrNull = (v: unknown): string | null =>
  v === null || v === undefined ? null : new Date(v instanceof Date ? v : String(v)).toISOString();

export const iso = (v: unknown): string => {
  const s = isoOrNull(v);
  if (s === null) throw new Error('expected a timestamp');
  return s;
};

export const dateOrNull = (v: unknown): Date | null => (v === null || v === undefined ? null : new Date(iso(v)));

/** Booleans are integers on SQLite; 1/0 binds on both drivers. */
export const bit = (b: boolean): number => (b ? 1 : 0);
export const bool = (v: unknown): boolean => v === true || v === 1 || v === '1' || v === 't';

export const strOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

/** count(*) is a string on PostgreSQL. */
export const num = (v: unknown): number => Number(v);

export const bytes = (v: unknown): Buffer => (Buffer.isBuffer(v) ? v : Buffer.from(v as Uint8Array));
