import type { EntityManager } from '@mikro-orm/knex';
import type { ChainPoint } from '../../core/audit/chain.js';
import type { ExportFormat } from './export-format.js';
import { pageSql, type AccessLogFilter } from './access-log-query.js';
import { prepared, withSqliteConnection } from './sqlite-raw.js';

/**
 * The SQLite export path: SQLite formats each row and concatenates a whole page into one blob,
 * so a page crosses into JavaScript as one Buffer that goes to the stream as is. Building lines
 * in JavaScript cost more than reading them: fourteen values per row decoded from UTF-8,
 * re-quoted, then encoded again on write.
 *
 * The text is byte-identical to `formatStoredRow` (tests compare them over every BMP character
 * and edge times): `json_object` quotes strings exactly as JSON.stringify does for everything
 * the append path stores, and CSV cells are quoted with doubled quotes as `csvCell` does. A row
 * SQLite cannot format that way — a time outside 1970–9999, or (JSON lines) a blob where text
 * belongs — makes the page come back unformatted, and the caller formats that page in
 * JavaScript. Only a row written around the application can hold either; in CSV a blob's bytes
 * are written as stored (JavaScript would first decode them as UTF-8).
 */

// ISO-8601 with milliseconds for 0 <= at < year 10000 (the range toISOString writes as YYYY).
const MAX_AT = 253_402_300_799_999;
const ISO = `date(l.at / 86400000 * 86400, 'unixepoch') || printf('T%02d:%02d:%02d.%03dZ', l.at / 3600000 % 24, l.at / 60000 % 60, l.at / 1000 % 60, l.at % 1000)`;
const IN_RANGE = `typeof(l.at) = 'integer' and l.at between 0 and ${MAX_AT}`;
// The stored previous hash, or the prune anchor's for the first entry after it (the first two `?`).
const PREV = `coalesce(p.hash, case when l.seq - 1 = ? then ? end)`;

const JSONL_LINE =
  `rtrim(json_object('seq', l.seq, 'at', ${ISO}, 'actorId', l.actor_id, 'actorRole', l.actor_role, 'subjectId', l.subject_id, 'action', l.action), '}')` +
  ` || ',"fields":' || l.fields || ',' ||` +
  ` ltrim(json_object('purpose', l.purpose, 'justification', l.justification, 'outcome', l.outcome, 'reasonCode', l.reason_code,` +
  ` 'channel', l.channel, 'correlationId', l.correlation_id, 'prevHash', ${PREV}, 'hash', l.hash), '{') || char(10)`;

const cell = (expr: string) => `coalesce('"' || replace(${expr}, '"', '""') || '"', '')`;
const CSV_LINE =
  `l.seq || ',"' || ${ISO} || '",' || ` +
  ['actor_id', 'actor_role', 'subject_id', 'action', 'fields', 'purpose', 'justification', 'outcome', 'reason_code', 'channel', 'correlation_id']
    .map((c) => cell(`l.${c}`))
    .join(` || ',' || `) +
  ` || ',' || ${cell(PREV)} || ',' || ${cell('l.hash')} || char(10)`;

const LINE = { jsonl: JSONL_LINE, csv: CSV_LINE } as const;

export interface SqlitePage {
  /** The page's lines, or null when some row has to be formatted in JavaScript. */
  readonly text: Buffer | null;
  readonly rows: number;
  readonly lastSeq: number | null;
}

/**
 * One keyset page (oldest first after `cursor`) as a single-row aggregate. The page is a
 * subquery with ORDER BY and LIMIT, which SQLite runs as a co-routine feeding the aggregate in
 * that order (the export tests check the order); an aggregate ORDER BY would add a sort costing
 * a third of the export.
 */
export async function sqliteExportPage(
  em: EntityManager,
  filter: AccessLogFilter,
  cursor: number | null,
  limit: number,
  anchor: ChainPoint,
  format: ExportFormat,
): Promise<SqlitePage> {
  const select = `l.seq as seq, case when ${IN_RANGE} then ${LINE[format]} end as line`;
  const page = pageSql('sqlite', filter, { direction: 'asc', cursor, limit, prevHash: true, select });
  const sql = `select cast(group_concat(line, '') as blob) as text, count(*) as n, count(line) as formatted, max(seq) as last from (${page.sql})`;
  return withSqliteConnection(em, (conn) => {
    let r: { text: Buffer | null; n: number; formatted: number; last: number | null };
    try {
      r = prepared(conn, sql).raw(false).get(anchor.seq, anchor.hash, ...page.params) as typeof r;
    } catch (e) {
      // json_object refuses blobs; only a row written around the application has one.
      if ((e as { code?: string }).code === 'SQLITE_ERROR' && /JSON cannot hold BLOB/i.test((e as Error).message))
        return { text: null, rows: -1, lastSeq: null };
      throw e;
    }
    return { text: r.n > 0 && r.formatted === r.n ? r.text : null, rows: r.n, lastSeq: r.last };
  });
}
