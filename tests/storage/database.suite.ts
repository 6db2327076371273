import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../storage/database.js';
import { MIGRATION_NAMES } from '../../storage/migrations/names.js';
import { freshDatabase, type TestDatabase, type TestDriver } from '../support/databases.js';

/** The same storage suite runs on every driver (named in the file: *.sqlite / *.postgres). */
export function databaseSuite(driver: TestDriver): void {
  describe(`database on ${driver}`, () => {
    let tdb: TestDatabase;
    let db: Database;
    beforeAll(async () => {
      tdb = await freshDatabase(driver);
      db = await Database.open({ driver, url: tdb.url });
    });
    afterAll(async () => {
      await db?.close();
      await tdb?.drop();
    });

    it('applies every migration once and reports none pending', async () => {
      expect((await db.pendingMigrations()).length).toBeGreaterThan(0);
      const applied = await db.migrate();
      expect(applied.length).toBeGreaterThan(0);
      expect(await db.pendingMigrations()).toEqual([]);
      expect(await db.migrate()).toEqual([]);
      await db.ping();
    });

    it('a database missing its newest migration gets it on the next start (the fast path only skips when nothing is pending)', async () => {
      const newest = MIGRATION_NAMES[MIGRATION_NAMES.length - 1]!;
      const other = await freshDatabase(driver);
      const stale = await Database.open({ driver, url: other.url });
      try {
        await stale.migrate();
        const conn = stale.fork().getConnection();
        await conn.execute('delete from schema_migrations where name = ?', [newest], 'run');
        await conn.execute('drop table consent_prompts', [], 'run');
        await conn.execute('drop table consent_rollouts', [], 'run');
        expect(await stale.migrate()).toEqual([newest]);
        expect(await conn.execute('select count(*) as n from consent_prompts', [], 'all')).toHaveLength(1);
      } finally {
        await stale.close();
        await other.drop();
      }
    });

    it('forbids the global EntityManager', async () => {
      await expect(db.orm.em.getConnection().execute('select 1').then(() => db.orm.em.find('X' as never, {}))).rejects.toThrow();
    });

    if (driver === 'sqlite') {
      it('sets WAL, synchronous=NORMAL, foreign keys, busy timeout and secure_delete on the connection', async () => {
        const conn = db.fork().getConnection();
        const get = async (p: string) => Object.values((await conn.execute(`pragma ${p}`))[0] as object)[0];
        expect(await get('journal_mode')).toBe('wal');
        expect(await get('synchronous')).toBe(1);
        expect(await get('foreign_keys')).toBe(1);
        expect(await get('busy_timeout')).toBe(5000);
        expect(await get('secure_delete')).toBe(1);
      });
    }
  });
}
