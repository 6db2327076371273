import { CANONICAL_VERSION, canonicalBodyFromStored } from '../../core/audit/canonical.js';
import type { ChainItem } from '../../core/audit/verify-chain.js';
import type { Database } from '../database.js';
import { ENTRY_COLUMNS } from './access-log-rows.js';
import { prepared, rawArrays, withSqliteConnection } from './sqlite-raw.js';
import { readAheadPages } from './sqlite-read-ahead.js';

type Cell = string | number | Date | null;
const iso = (at: Cell): string => (at instanceof Date ? at : new Date(typeof at === 'string' && /^\d+$/.test(at) ? Number(at) : (at as number | string))).toISOString();
const s = (v: Cell): string | null => (v === null ? null : String(v));

/**
 * The verify path: canonical bodies straight from stored columns in keyset batches, without
 * building entries. Each batch is its own short query (no long read transaction).
 */
export async function* readChainItems(db: Database, afterSeq: number, batchSize = 10_000, readAhead = true): AsyncGenerator<ChainItem[]> {
  const em = db.fork();
  const limit = Math.trunc(batchSize);
  if (db.driver === 'sqlite') {
    yield* sqliteChainItems(em, readAhead ? db.url : null, afterSeq, limit);
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

// The whole canonical form in SQL, `at` as ISO-8601 for 0 <= at < year 10000 (else null).
const ISO = `date(at / 86400000 * 86400, 'unixepoch') || printf('T%02d:%02d:%02d.%03dZ', at / 3600000 % 24, at / 60000 % 60, at / 1000 % 60, at % 1000)`;
const CANONICAL =
  `case when typeof(at) = 'integer' and at between 0 and 253402300799999 then` +
  ` '[${CANONICAL_VERSION},' || seq || ',"' || ${ISO} || '",' || rtrim(ltrim(json_array(actor_id, actor_role, subject_id, action), '['), ']')` +
  ` || ',' || fields || ',' || ltrim(json_array(purpose, justification, outcome, reason_code, channel, correlation_id), '[') end`;

/**
 * A page of canonical forms as one blob, with their byte lengths and the stored hashes (one
 * 64-byte run each): a page crosses into JavaScript as three values instead of six per entry.
 * The page is a subquery with ORDER BY and LIMIT, run as a co-routine feeding the aggregates in
 * seq order (the tests check it).
 */
const SQLITE_PAGE_SQL = (limit: number) =>
  `select cast(group_concat(c, '') as blob) as text, group_concat(octet_length(c)) as lens, cast(group_concat(hash, '') as blob) as hashes,
     count(*) as n, count(c) as formatted, min(seq) as first, max(seq) as last, min(octet_length(hash)) as hmin, max(octet_length(hash)) as hmax
   from (select seq, hash, ${CANONICAL} as c from access_log where seq > ? order by seq limit ${limit})`;

interface PageRow {
  text: Buffer | null;
  lens: string | null;
  hashes: Buffer | null;
  n: number;
  formatted: number;
  first: number | null;
  last: number | null;
  hmin: number | null;
  hmax: number | null;
}

// The fast shape needs every row formatted, consecutive seqs and 64-byte hashes; anything else
// (tampering, mostly) is read row by row, so the verifier sees exactly what is stored.
const isFast = (page: PageRow): boolean =>
  page.formatted === page.n && page.last! - page.first! + 1 === page.n && page.hmin === 64 && page.hmax === 64;

async function* sqliteChainItems(em: ReturnType<Database['fork']>, file: string | null, afterSeq: number, limit: number): AsyncGenerator<ChainItem[]> {
  const pageSql = SQLITE_PAGE_SQL(limit);
  let cursor = afterSeq;
  // Pages read ahead on a worker while this thread hashes; the first page that is not in the
  // fast shape, or any worker failure, hands over to this connection from the same cursor.
  const ahead = file === null ? null : readAheadPages<PageRow>(file, pageSql, afterSeq, limit);
  if (ahead) {
    try {
      for await (const page of ahead) {
        if (page.n === 0) return;
        if (!isFast(page)) break;
        const items = fromPage(page);
        cursor = items[items.length - 1]!.seq;
        yield items;
        if (items.length < limit) return;
      }
    } catch {
      // carry on below from the last page handed out
    }
  }
  for (;;) {
    let page: PageRow | null;
    try {
      page = await withSqliteConnection(em, (conn) => prepared(conn, pageSql).raw(false).get(cursor) as PageRow);
    } catch (e) {
      if (!/JSON cannot hold BLOB/i.test((e as Error).message)) throw e;
      page = null; // a blob where text belongs: only a row written around the application has one
    }
    if (page?.n === 0) return;
    const items = page !== null && isFast(page) ? fromPage(page) : await rowItems(em, cursor, limit);
    if (!items.length) return;
    cursor = items[items.length - 1]!.seq;
    yield items;
    if (items.length < limit) return;
  }
}

function fromPage(page: PageRow): ChainItem[] {
  const { lens, n, first } = page as { lens: string; n: number; first: number };
  // From a worker the blobs arrive as plain Uint8Arrays: view them as Buffers, no copy.
  const text = Buffer.from(page.text!.buffer, page.text!.byteOffset, page.text!.byteLength);
  const hashes = Buffer.from(page.hashes!.buffer, page.hashes!.byteOffset, page.hashes!.byteLength);
  const items = new Array<ChainItem>(n);
  let off = 0;
  let p = 0;
  for (let i = 0; i < n; i++) {
    let len = 0;
    for (let c = lens.charCodeAt(p); p < lens.length && c !== 44; c = lens.charCodeAt(++p)) len = len * 10 + c - 48;
    p++;
    items[i] = { seq: first + i, canonical: text.subarray(off, off + len), hash: hashes.toString('latin1', i * 64, i * 64 + 64) };
    off += len;
  }
  return items;
}

async function rowItems(em: ReturnType<Database['fork']>, cursor: number, limit: number): Promise<ChainItem[]> {
  const rows = (await rawArrays(em, SQLITE_BODY_SQL(limit), [cursor])) as [number, number, string, string, string, string][];
  const items = new Array<ChainItem>(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const [seq, at, who, fields, what, hash] = rows[i]!;
    items[i] = { seq, body: `"${new Date(at).toISOString()}",${who.slice(1, -1)},${fields},${what.slice(1)}`, hash };
  }
  return items;
}
