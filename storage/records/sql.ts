import type { EntityManager } from '@mikro-orm/knex';
import type { Driver } from '../database.js';

export type Row = Record<string, unknown>;

interface SqliteStatement {
  run(params: unknown[]): unknown;
}
interface SqliteConnection {
  prepare(sql: string): SqliteStatement;
}

/**
 * Parameterised SQL (driver-level bindings through knex) on the unit of work's own transaction.
 * Used where the ORM would cost a flush per row: bulk import and the vault's hot path.
 */
export class Sql {
  /** Prepared bulk statements of this unit of work (its one transaction, its one connection). */
  private readonly prepared = new Map<string, SqliteStatement>();

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

  /**
   * Multi-row insert of `rows` (each `width` values) in batches. On SQLite the statement goes
   * straight to the transaction's better-sqlite3 connection and is prepared once per batch size:
   * knex would re-format and re-prepare ~13,000 bindings per batch on the import's hot path.
   */
  async insertMany(head: string, tail: string, width: number, rows: readonly unknown[][], batch: number): Promise<void> {
    const statement = (n: number) => `${head} values ${Sql.tuples(n, width)} ${tail}`;
    if (this.driver !== 'sqlite') {
      for (let i = 0; i < rows.length; i += batch) {
        const part = rows.slice(i, i + batch);
        await this.run(statement(part.length), part.flat());
      }
      return;
    }
    const tx = this.em.getTransactionContext() as { client: { acquireConnection(): Promise<SqliteConnection> } } | undefined;
    if (!tx) throw new Error('insertMany needs a transaction');
    const conn = await tx.client.acquireConnection();
    for (let i = 0; i < rows.length; i += batch) {
      const part = rows.slice(i, i + batch);
      const text = statement(part.length);
      let stmt = this.prepared.get(text);
      if (!stmt) this.prepared.set(text, (stmt = conn.prepare(text)));
      stmt.run(part.flat());
    }
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
