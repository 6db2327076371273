import type { EntityManager } from '@mikro-orm/knex';
import type { AccessLogEntry } from '../../core/audit/access-log-entry.js';
import type { AccessLogQuery, AccessLogReader } from '../../core/audit/access-log.port.js';
import type { Driver } from '../database.js';
import type { StorageContext } from '../unit-of-work.js';
import { pageSql } from './access-log-query.js';
import { rowToEntry, type EntryRow } from './access-log-rows.js';
import { allRows } from './sqlite-raw.js';

export const MAX_SEARCH_LIMIT = 500;

/** Search, newest first, keyset-paginated on seq (stable while new entries arrive). */
export class MikroAccessLogSearch implements AccessLogReader {
  constructor(
    private readonly em: EntityManager,
    private readonly driver: Driver,
  ) {}

  async search(query: AccessLogQuery): Promise<{ entries: AccessLogEntry[]; nextBeforeSeq: number | null }> {
    const limit = Math.max(1, Math.min(MAX_SEARCH_LIMIT, Math.trunc(query.limit)));
    const { sql, params } = pageSql(this.driver, query, { direction: 'desc', cursor: query.beforeSeq ?? null, limit });
    const rows = await allRows<EntryRow>(this.em, this.driver, sql, params);
    const entries = rows.map(rowToEntry);
    return { entries, nextBeforeSeq: entries.length === limit ? entries[entries.length - 1]!.seq : null };
  }
}

export const accessLogSearchFactory = (em: EntityManager, ctx: Pick<StorageContext, 'db'>): AccessLogReader =>
  new MikroAccessLogSearch(em, ctx.db.driver);
