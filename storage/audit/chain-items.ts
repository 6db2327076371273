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
  const limit = Math.trunc(batchSize);
  if (db.driver === 'sqlite') {
    yield* sqliteChainItems(em, afterSeq, limit);
    return;
  }
  const sql = `select ${ENTRY_COLUMNS} from access_log where seq > ? order by seq limit ${limit}`;
  let cursor = afterSeq;
  for (;;) {
    const rows: Cell[][] = (await em.execute<Record<string, Cell>[]>(sql, [cursor], 'all')).map((r) => Object.values(r));
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

/**
 * SQLite builds the two JSON runs of the body itself: `json_array` output is byte-identical to
 * JSON.stringify for every character the append path stores (checked over the whole BMP and
 * astral samples in the tests), and it saves reading and re-encoding ten columns in JS.
 */
const SQLITE_BODY_SQL = (limit: number) =>
  `select seq, at, json_array(actor_id, actor_role, subject_id, action), fields,
     json_array(purpose, justification, outcome, reason_code, channel, correlation_id), hash
   from access_log where seq > ? order by seq limit ${limit}`;

async function* sqliteChainItems(em: ReturnType<Database['fork']>, afterSeq: number, limit: number): AsyncGenerator<ChainItem[]> {
  const sql = SQLITE_BODY_SQL(limit);
  let cursor = afterSeq;
  for (;;) {
    const rows = (await rawArrays(em, sql, [cursor])) as [number, number, string, string, string, string][];
    if (!rows.length) return;
    const items = new Array<ChainItem>(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const [seq, at, who, fields, what, hash] = rows[i]!;
      items[i] = { seq, body: `"${new Date(at).toISOString()}",${who.slice(1, -1)},${fields},${what.slice(1)}`, hash };
    }
    cursor = items[items.length - 1]!.seq;
    yield items;
    if (rows.length < limit) return;
  }
}
