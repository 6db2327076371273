import type { Writable } from 'node:stream';
import type { AccessLogEntry } from '../../core/audit/access-log-entry.js';
import type { Database } from '../database.js';
import { pageSql, type AccessLogFilter } from './access-log-query.js';
import { rowToEntry, type EntryRow } from './access-log-rows.js';
import { CSV_HEADER, formatEntry, type ExportFormat, type ExportedEntry } from './export-format.js';
import { readChainHead } from './mikro-access-log.repository.js';

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
  let cursor: number | null = options.afterSeq ?? null;
  for (;;) {
    const { sql, params } = pageSql(db.driver, options.filter ?? {}, { direction: 'asc', cursor, limit: batchSize, prevHash: options.prevHash ?? true });
    const rows = await em.execute<(EntryRow & { prev_hash: string | null })[]>(sql, params, 'all');
    if (!rows.length) return;
    const batch = rows.map((r) => {
      const e: AccessLogEntry = rowToEntry(r);
      if (options.prevHash === false) return e as ExportedEntry;
      return { ...e, prevHash: r.prev_hash ?? (e.seq - 1 === anchor.seq ? anchor.hash : null) };
    });
    cursor = batch[batch.length - 1]!.seq;
    yield batch;
    if (rows.length < batchSize) return;
  }
}

/** Streams CSV or JSON lines to `out`, honouring back-pressure. Resolves with the row count. */
export async function exportAccessLog(
  db: Database,
  out: Writable,
  options: ReadOptions & { readonly format: ExportFormat },
): Promise<number> {
  let rows = 0;
  const write = (chunk: string) =>
    out.write(chunk) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', () => r()));
  if (options.format === 'csv') await write(CSV_HEADER);
  for await (const batch of readEntryBatches(db, options)) {
    let chunk = '';
    for (const e of batch) chunk += formatEntry(e, options.format);
    await write(chunk);
    rows += batch.length;
  }
  return rows;
}
