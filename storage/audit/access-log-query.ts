import type { AccessLogQuery } from '../../core/audit/access-log.port.js';
import type { Driver } from '../database.js';
import { ENTRY_COLUMNS, timeParam } from './access-log-rows.js';
import { ftsString, gramToken, keywordPlan, likeContains } from './keyword.js';

export type AccessLogFilter = Omit<AccessLogQuery, 'beforeSeq' | 'limit'>;

const SELECT_COLUMNS = ENTRY_COLUMNS.split(', ')
  .map((c) => `l.${c}`)
  .join(', ');

/**
 * One keyset page as SQL: newest first below `cursor` (search) or oldest first above it
 * (export). The driving index is chosen here rather than left to the planner: the keyword
 * index when there is a keyword, the field side table when filtering by field, otherwise the
 * primary key or a (column, seq) index.
 */
export function pageSql(
  driver: Driver,
  filter: AccessLogFilter,
  page: {
    readonly direction: 'desc' | 'asc';
    readonly cursor: number | null;
    readonly limit: number;
    readonly prevHash?: boolean;
    /** Instead of the entry columns: expressions over `l` (the entry) and `p` (the previous one, with `prevHash`). */
    readonly select?: string;
  },
): { sql: string; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  let from = 'access_log l';
  let key = 'l.seq';
  const plan = filter.keyword === undefined ? null : keywordPlan(filter.keyword);

  if (plan && driver === 'sqlite') {
    if (plan.index === 'trigram') {
      from = 'access_log_trigram t join access_log l on l.seq = t.rowid';
      where.push('t.access_log_trigram match ?');
      params.push(plan.trigrams.map(ftsString).join(' AND '));
    } else {
      from = 'access_log_grams t join access_log l on l.seq = t.rowid';
      where.push('t.access_log_grams match ?');
      params.push(ftsString(gramToken(plan.gram)));
    }
    key = 't.rowid';
    where.push('instr(lower(l.justification), ?) > 0');
    params.push(plan.needle);
  } else if (plan) {
    if (plan.index === 'short') {
      where.push('l.short_grams @> array[?]::text[]');
      params.push(plan.gram);
    }
    where.push(`l.justification ilike ? escape '\\'`);
    params.push(likeContains(plan.needle));
  }

  if (filter.field !== undefined) {
    if (plan) {
      where.push('exists (select 1 from access_log_fields f where f.field = ? and f.seq = l.seq)');
    } else {
      from = 'access_log_fields f join access_log l on l.seq = f.seq';
      key = 'f.seq';
      where.push('f.field = ?');
    }
    params.push(filter.field);
  }

  const equal: [keyof AccessLogFilter, string][] = [
    ['actorId', 'actor_id'],
    ['subjectId', 'subject_id'],
    ['purpose', 'purpose'],
    ['outcome', 'outcome'],
    ['channel', 'channel'],
    ['action', 'action'],
  ];
  for (const [k, col] of equal) {
    const v = filter[k];
    if (v !== undefined) {
      where.push(`l.${col} = ?`);
      params.push(v);
    }
  }
  if (filter.excludeActorId !== undefined) {
    where.push('(l.actor_id is null or l.actor_id <> ?)');
    params.push(filter.excludeActorId);
  }
  if (filter.from) {
    where.push('l.at >= ?');
    params.push(timeParam(driver, filter.from));
  }
  if (filter.to) {
    where.push('l.at < ?');
    params.push(timeParam(driver, filter.to));
  }
  if (page.cursor !== null) {
    where.push(`${key} ${page.direction === 'desc' ? '<' : '>'} ?`);
    params.push(page.cursor);
  }
  // The previous entry's stored hash by a primary-key join: cheaper than a correlated subquery.
  const prev = page.prevHash ? ', p.hash as prev_hash' : '';
  if (page.prevHash) from += ' left join access_log p on p.seq = l.seq - 1';
  const sql = `select ${page.select ?? SELECT_COLUMNS + prev} from ${from}${where.length ? ` where ${where.join(' and ')}` : ''} order by ${key} ${page.direction} limit ${Math.trunc(page.limit)}`;
  return { sql, params };
}
