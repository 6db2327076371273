import type { EntityManager } from '@mikro-orm/knex';
import type { AccessLogEntry, NewAccessLogEntry } from '../../core/audit/access-log-entry.js';
import type { AccessLogWriter } from '../../core/audit/access-log.port.js';
import { sanitiseEntry } from '../../core/audit/canonical.js';
import { chainHash } from '../../core/audit/chain.js';
import type BetterSqlite3 from 'better-sqlite3';
import type { Driver } from '../database.js';
import type { StorageContext } from '../unit-of-work.js';
import { ENTRY_COLUMNS, entryParams, rowToHead, type ChainHead, type HeadRow } from './access-log-rows.js';
import { gramToken, pgTextArray, shortGrams } from './keyword.js';
import { prepared, withSqliteConnection } from './sqlite-raw.js';

const PLACEHOLDERS = ENTRY_COLUMNS.split(',').map(() => '?').join(', ');

/**
 * Appends to the chain inside the caller's transaction. The first statement claims the next
 * sequence number by updating the single head row: on PostgreSQL that row lock (the same lock
 * as SELECT … FOR UPDATE) serialises appends from every server instance until this
 * transaction ends; on SQLite the statement takes the database write lock at once, so a
 * deferred transaction never has to upgrade a read lock later. Roll back, and the seq, the
 * entry and the head move back together: an entry exists if and only if its decision committed.
 */
export class MikroAccessLog implements AccessLogWriter {
  constructor(
    private readonly em: EntityManager,
    private readonly driver: Driver,
  ) {}

  async append(entry: NewAccessLogEntry): Promise<AccessLogEntry> {
    // Outside a transaction the three statements would not share the head lock: make one.
    if (!this.em.getTransactionContext())
      return this.em.transactional((em) => new MikroAccessLog(em as unknown as EntityManager, this.driver).append(entry));
    const e = sanitiseEntry(entry);
    return this.driver === 'sqlite' ? withSqliteConnection(this.em, (conn) => appendSqlite(conn, e)) : this.appendPostgres(e);
  }

  private async appendPostgres(e: NewAccessLogEntry): Promise<AccessLogEntry> {
    const claimed = await this.em.execute<{ seq: number | string; hash: string }[]>(CLAIM_SQL, [], 'all');
    if (!claimed[0]) throw new Error('access_log_head is missing: run the migrations');
    const seq = Number(claimed[0].seq);
    const hash = chainHash(claimed[0].hash, seq, e);
    const grams = e.justification === null ? [] : shortGrams(e.justification);
    await this.em.execute(
      `insert into access_log (${ENTRY_COLUMNS}, short_grams) values (${PLACEHOLDERS}, ?::text[])`,
      [...entryParams('postgresql', seq, e, hash), pgTextArray(grams)],
      'run',
    );
    await this.em.execute(SET_HEAD_SQL, [hash], 'run');
    return { ...e, seq, hash };
  }
}

const CLAIM_SQL = 'update access_log_head set seq = seq + 1 where id = 1 returning seq, hash';
const SET_HEAD_SQL = 'update access_log_head set hash = ? where id = 1';
const INSERT_SQLITE = `insert into access_log (${ENTRY_COLUMNS}) values (${PLACEHOLDERS})`;
const INSERT_GRAMS = 'insert into access_log_grams (rowid, grams) values (?, ?)';

function appendSqlite(conn: BetterSqlite3.Database, e: NewAccessLogEntry): AccessLogEntry {
  const claimed = prepared(conn, CLAIM_SQL).get() as { seq: number; hash: string } | undefined;
  if (!claimed) throw new Error('access_log_head is missing: run the migrations');
  const seq = Number(claimed.seq);
  const hash = chainHash(claimed.hash, seq, e);
  prepared(conn, INSERT_SQLITE).run(entryParams('sqlite', seq, e, hash));
  if (e.justification !== null) prepared(conn, INSERT_GRAMS).run(seq, shortGrams(e.justification).map(gramToken).join(' '));
  prepared(conn, SET_HEAD_SQL).run(hash);
  return { ...e, seq, hash };
}

/** `RepositoryFactories['accessLog']`: the writer bound to the unit of work's transaction. */
export const accessLogFactory = (em: EntityManager, ctx: Pick<StorageContext, 'db'>): AccessLogWriter =>
  new MikroAccessLog(em, ctx.db.driver);

/** The committed chain head and prune anchor. */
export async function readChainHead(em: EntityManager): Promise<ChainHead> {
  const rows = await em.execute<HeadRow[]>('select seq, hash, anchor_seq, anchor_hash from access_log_head where id = 1', [], 'all');
  if (!rows[0]) throw new Error('access_log_head is missing: run the migrations');
  return rowToHead(rows[0]);
}
