import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type BetterSqlite3 from 'better-sqlite3';
import { Database } from '../../storage/database.js';
import { sql } from '../../storage/messaging/sql.js';
import { freshDatabase, type TestDatabase } from '../support/databases.js';

type Pool = { acquireConnection(): Promise<unknown>; releaseConnection(c: unknown): Promise<unknown> };

let tdb: TestDatabase;
let db: Database;
let prepares: string[];

beforeEach(async () => {
  tdb = await freshDatabase('sqlite');
  db = await Database.open({ driver: 'sqlite', url: tdb.url });
  // Count what knex prepares on the one pooled connection.
  const pool = db.fork().getKnex().client as unknown as Pool;
  const conn = (await pool.acquireConnection()) as BetterSqlite3.Database;
  const prepare = conn.prepare.bind(conn);
  prepares = [];
  conn.prepare = ((sql: string) => (prepares.push(sql), prepare(sql))) as typeof conn.prepare;
  await pool.releaseConnection(conn);
  await db.fork().execute('create table t (id integer primary key, v text not null)');
  prepares.length = 0;
});

afterEach(async () => {
  await db.close();
  await tdb.drop();
});

describe('SQLite statements through knex (values bound by the driver)', () => {
  it('are prepared once and reused, inside and outside transactions, with the same results', async () => {
    const insert = 'insert into t (v) values (?)';
    expect(await sql(db.fork(), insert, ['a'], 'run')).toBe(1);
    expect(await db.fork().transactional((em) => sql(em, insert, ['b'], 'run'))).toBe(1);
    const rows = [];
    for (const v of ['a', 'b', 'z']) rows.push(await sql(db.fork(), 'select id from t where v = ?', [v]));
    expect(rows).toEqual([[{ id: 1 }], [{ id: 2 }], []]);
    expect(prepares.filter((s) => s === insert)).toHaveLength(1);
    expect(prepares.filter((s) => s.startsWith('select id from t'))).toHaveLength(1);
  });

  it('a failing statement fails every time and a rolled-back write is gone', async () => {
    await expect(sql(db.fork(), 'select nope from t')).rejects.toThrow(/no such column/);
    await expect(sql(db.fork(), 'select nope from t')).rejects.toThrow(/no such column/);
    await expect(
      db.fork().transactional(async (em) => {
        await sql(em, 'insert into t (v) values (?)', ['gone'], 'run');
        await sql(em, 'insert into t (v) values (?)', [null], 'run'); // not null: fails
      }),
    ).rejects.toThrow(/NOT NULL/);
    expect(await sql(db.fork(), 'select count(*) as n from t')).toEqual([{ n: 0 }]);
  });

  it('keeps a bounded number of statements, least recently used dropped first', async () => {
    const hot = 'select v from t where id = ?';
    await sql(db.fork(), hot, [1]);
    for (let i = 0; i < 300; i++) {
      await sql(db.fork(), `select ${i} as n`);
      if (i % 50 === 0) await sql(db.fork(), hot, [1]); // stays recent
    }
    await sql(db.fork(), 'select 0 as n'); // long evicted
    await sql(db.fork(), hot, [1]);
    expect(prepares.filter((s) => s === hot)).toHaveLength(1);
    expect(prepares.filter((s) => s === 'select 0 as n')).toHaveLength(2);
  });
});
