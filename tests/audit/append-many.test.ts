import type { EntityManager } from '@mikro-orm/knex';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NewAccessLogEntry } from '../../core/audit/access-log-entry.js';
import { MikroAccessLogSearch } from '../../storage/audit/mikro-access-log-search.repository.js';
import { MikroAccessLog, readChainHead } from '../../storage/audit/mikro-access-log.repository.js';
import { TEST_DRIVERS } from '../support/databases.js';
import { sampleEntry } from './audit-fixtures.js';
import { openAuditDb, type AuditDb } from './audit-db.js';

/** A run of entries appended as one chain segment (the purge's deletion records), on every driver. */
for (const driver of TEST_DRIVERS) {
  describe(`access-log appendMany on ${driver}`, () => {
    let a: AuditDb;
    const appendMany = (entries: NewAccessLogEntry[]) =>
      a.db.fork().transactional((em) => new MikroAccessLog(em as unknown as EntityManager, driver).appendMany(entries));
    const samples = (from: number, to: number, overrides: Partial<NewAccessLogEntry> = {}) =>
      Array.from({ length: to - from + 1 }, (_, i) => sampleEntry(from + i, overrides));

    beforeEach(async () => {
      a = await openAuditDb(driver);
      await a.appendSamples(1, 5);
    });
    afterEach(async () => a?.close());

    it('chains a segment (full chunks and every smaller piece) between single appends, stored exactly as returned', async () => {
      // 300 = 256 + 32 + 8 + 4: the chunk and three of the power-of-two remainder statements.
      const run = samples(6, 305);
      run[10] = sampleEntry(16, { justification: '他说张三欠钱不还', fields: ['z', 'a', 'z'] });
      const appended = await appendMany(run);
      expect(appended.map((e) => e.seq)).toEqual(run.map((_, i) => 6 + i));
      expect(appended[10]!.fields).toEqual(['a', 'z']);
      const last = await a.append(sampleEntry(306));
      expect(last.seq).toBe(306);
      const stored = await a.all();
      expect(stored.slice(5, 305)).toEqual(appended);
      expect(stored.map((e) => e.seq)).toEqual(Array.from({ length: 306 }, (_, i) => i + 1));
      await a.checkpoint();
      const report = await a.verify();
      expect(report.failure).toBeNull();
      expect(report).toMatchObject({ ok: true, entries: 306 });
      expect((await readChainHead(a.db.fork())).head).toEqual({ seq: 306, hash: last.hash });
      // Indexed like single appends: a two-character keyword and the field filter find it.
      const search = new MikroAccessLogSearch(a.db.fork(), driver);
      expect((await search.search({ keyword: '欠钱', limit: 10 })).entries.map((e) => e.seq)).toEqual([16]);
      expect((await search.search({ field: 'z', limit: 10 })).entries.map((e) => e.seq)).toEqual([16]);
    });

    it('writes nothing when the transaction rolls back, and the next append continues the chain', async () => {
      await expect(
        a.db.fork().transactional(async (em) => {
          await new MikroAccessLog(em as unknown as EntityManager, driver).appendMany(samples(6, 20));
          throw new Error('the purge batch failed');
        }),
      ).rejects.toThrow('the purge batch failed');
      expect((await readChainHead(a.db.fork())).head.seq).toBe(5);
      expect(await appendMany([])).toEqual([]);
      expect((await appendMany(samples(6, 7))).map((e) => e.seq)).toEqual([6, 7]);
      expect((await a.verify(false)).ok).toBe(true);
    });
  });
}
