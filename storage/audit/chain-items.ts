import { canonicalBodyFromStored } from '../../core/audit/canonical.js';
import type { ChainItem } from '../../core/audit/verify-chain.js';
import type { Database } from '../database.js';
import { ENTRY_COLUMNS } from './access-log-rows.js';
import { rawArrays } from './sqlite-raw.js';

type Cell = string | number | Date | null;
const iso = (at: Cell): string => (at instanceof Date ? at : new Date(typeof at === 'string' && /^\d+$/.test(at) ? Number(at) : (at as number | string))).toISOString();
const s = (v: Cell): string | null => (v === null ? null : String(v));

/**
 * The verify path: canonical bodies straight from stored columns in keyset batches, without
 * building entries. Each batch is its own short query (no long read transaction).
 */
export async function* readChainItems(db: Database, afterSeq: number, batchSize = 10_000): AsyncGenerator<ChainItem[]> {
  const em = db.fork();
  const sql = `select ${ENTRY_COLUMNS} from access_log where seq > ? order by seq limit ${Math.trunc(batchSize)}`;
  let cursor = afterSeq;
  for (;;) {
    const rows: Cell[][] =
      db.driver === 'sqlite'
        ? ((await rawArrays(em, sql, [cursor])) as Cell[][])
        : (await em.execute<Record<string, Cell>[]>(sql, [cursor], 'all')).map((r) => Object.values(r));
    if (!rows.length) return;
    const items = rows.map(
      (r): ChainItem => ({
        seq: Number(r[0]),
        body: canonicalBodyFromStored(iso(r[1]!), s(r[2]!), s(r[3]!), s(r[4]!), String(r[5]), String(r[6]), s(r[7]!), s(r[8]!), String(r[9]), String(r[10]), String(r[11]), s(r[12]!)),
        hash: String(r[13]),
      }),
    );
    cursor = items[items.length - 1]!.seq;
    yield items;
    if (rows.length < batchSize) return;
  }
}
