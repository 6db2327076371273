import type { Writable } from 'node:stream';
import type { AccessLogEntry } from '../../core/audit/access-log-entry.js';
import type { Database } from '../database.js';
import { pageSql, type AccessLogFilter } from './access-log-query.js';
import { rowToEntry, type EntryRow } from './access-log-rows.js';
import { CSV_HEADER, formatStoredRow, type ExportFormat, type ExportedEntry, type StoredCell } from './export-format.js';
import { readChainHead } from './mikro-access-log.repository.js';
import { allRows, rawArrays } from './sqlite-raw.js';
import { sqliteExportPage } from './sqlite-export.js';

export interface ReadOptions {
  readonly filter?: AccessLogFilter;
  /** Start after this seq (default: from the beginning). */
  readonly afterSeq?: number;
  readonly batchSize?: number;
  /** Also look up each entry's previous hash (exports); verification recomputes it instead. */
  readonly prevHash?: boolean;
}

/**
 * Entries oldest first in keyset batches, each batch its own short query: memory stays flat,
 * and no long read transaction holds back SQLite's WAL or PostgreSQL's vacuum.
 */
/** Entries with `prevHash` unless `prevHash: false`. */
export async function* readEntryBatches(db: Database, options: ReadOptions = {}): AsyncGenerator<ExportedEntry[]> {
  const batchSize = options.batchSize ?? 5000;
  const em = db.fork();
  const anchor = (await readChainHead(em)).anchor;
  const filter = options.filter ?? {};
  const filtered = Object.values(filter).some((v) => v !== undefined);
  const wantPrev = options.prevHash ?? true;
  // Unfiltered rows are consecutive: the previous hash is the previous row's. Filtered ones
  // look it up per row (a primary-key probe).
  const prevLookup = wantPrev && filtered;
  let cursor: number | null = options.afterSeq ?? null;
  let last: { seq: number; hash: string } | null = null;
  for (;;) {
    const { sql, params } = pageSql(db.driver, filter, { direction: 'asc', cursor, limit: batchSize, prevHash: prevLookup });
    const rows = await allRows<EntryRow & { prev_hash?: string | null }>(em, db.driver, sql, params);
    if (!rows.length) return;
    const batch: ExportedEntry[] = [];
    for (const r of rows) {
      const e = rowToEntry(r);
      if (!wantPrev) batch.push(e as ExportedEntry);
      else {
        let prevHash = r.prev_hash ?? null;
        if (!prevLookup) prevHash = last && last.seq === e.seq - 1 ? last.hash : await hashAt(db, em, e.seq - 1);
        if (prevHash === null && e.seq - 1 === anchor.seq) prevHash = anchor.hash;
        batch.push({ ...e, prevHash });
      }
      last = { seq: e.seq, hash: e.hash };
    }
    cursor = batch[batch.length - 1]!.seq;
    yield batch;
    if (rows.length < batchSize) return;
  }
}

async function hashAt(db: Database, em: ReturnType<Database['fork']>, seq: number): Promise<string | null> {
  const rows = await allRows<{ hash: string }>(em, db.driver, 'select hash from access_log where seq = ?', [seq]);
  return rows[0]?.hash ?? null;
}

/**
 * Streams CSV or JSON lines to `out`, honouring back-pressure; resolves with the row count.
 * Rows go from the database to text without becoming entries (this is the bulk path), in
 * keyset pages so memory stays flat however long the export. On SQLite the database formats
 * a whole page (see sqlite-export.ts); PostgreSQL rows, and any SQLite page holding a row it
 * cannot format, are formatted here. Each row's previous hash is the stored hash of seq - 1
 * (the prune anchor's for the first entry after it), so filtered exports verify too.
 */
export async function exportAccessLog(
  db: Database,
  out: Writable,
  options: ReadOptions & { readonly format: ExportFormat },
): Promise<number> {
  const batchSize = Math.trunc(options.batchSize ?? 2000);
  const em = db.fork();
  const anchor = (await readChainHead(em)).anchor;
  const filter = options.filter ?? {};
  const write = (chunk: string | Buffer) =>
    out.write(chunk) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', () => r()));
  if (options.format === 'csv') await write(CSV_HEADER);
  let rows = 0;
  let cursor: number | null = options.afterSeq ?? null;
  for (;;) {
    const page = db.driver === 'sqlite' ? await sqliteExportPage(em, filter, cursor, batchSize, anchor, options.format) : null;
    if (page?.rows === 0) break;
    let n: number;
    if (page?.text) {
      await write(page.text);
      n = page.rows;
      cursor = page.lastSeq;
    } else {
      const { sql, params } = pageSql(db.driver, filter, { direction: 'asc', cursor, limit: batchSize, prevHash: true });
      const batch: StoredCell[][] =
        db.driver === 'sqlite'
          ? ((await rawArrays(em, sql, params)) as StoredCell[][])
          : (await em.execute<Record<string, StoredCell>[]>(sql, params, 'all')).map((r) => Object.values(r));
      n = batch.length;
      if (!n) break;
      let chunk = '';
      for (const row of batch) {
        let prevHash = (row[14] as string | null) ?? null;
        if (prevHash === null && Number(row[0]) - 1 === anchor.seq) prevHash = anchor.hash;
        chunk += formatStoredRow(row, prevHash, options.format);
      }
      await write(chunk);
      cursor = Number(batch[n - 1]![0]);
    }
    rows += n;
    if (n < batchSize) break;
  }
  return rows;
}
