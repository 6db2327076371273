import type { EntityManager } from '@mikro-orm/knex';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MikroAccessLog, readChainHead } from '../../storage/audit/mikro-access-log.repository.js';
import { verifyDatabase } from '../../storage/audit/verify-database.js';
import type { TestDriver } from '../support/databases.js';
import { sampleEntry } from './audit-fixtures.js';
import { openAuditDb, recomputeChainFrom, type AuditDb } from './audit-db.js';

/** The chain and its tamper evidence, on every driver. */
export function accessLogChainSuite(driver: TestDriver): void {
  describe(`access-log chain on ${driver}`, () => {
    let a: AuditDb;
    beforeEach(async () => {
      a = await openAuditDb(driver);
      await a.appendSamples(1, 30);
    });
    afterEach(async () => a?.close());

    it('an untouched log verifies, with and without checkpoints', async () => {
      await a.checkpoint();
      const report = await a.verify();
      expect(report.failure).toBeNull();
      expect(report).toMatchObject({ ok: true, entries: 30, checkpointsMatched: 1, last: { seq: 30 } });
      expect((await a.verify(false)).ok).toBe(true);
    });

    it('reads every entry back exactly as appended (the canonical form survives the round-trip)', async () => {
      const odd = sampleEntry(31, { justification: '他说张三欠钱不还 😀 "quoted" \\ back\nline', fields: ['z', 'a', 'z'], actorId: null, purpose: null });
      const appended = await a.append(odd);
      const stored = (await a.all()).find((e) => e.seq === 31);
      expect(stored).toEqual(appended);
      expect(stored?.fields).toEqual(['a', 'z']);
      expect((await a.verify(false)).ok).toBe(true);
    });

    it('an entry exists only if its transaction committed; the sequence stays gap-free', async () => {
      await expect(
        a.db.fork().transactional(async (em) => {
          await new MikroAccessLog(em as unknown as EntityManager, driver).append(sampleEntry(99));
          throw new Error('the decision failed');
        }),
      ).rejects.toThrow('the decision failed');
      expect((await readChainHead(a.db.fork())).head.seq).toBe(30);
      expect((await a.append(sampleEntry(31))).seq).toBe(31);
      expect((await a.verify(false)).ok).toBe(true);
    });

    it('entries appended while a verify runs are checked too, not reported as tampering', async () => {
      await a.checkpoint();
      let appending: Promise<void> | undefined;
      // After the first page the server appends three entries while the verify goes on (on
      // SQLite they commit before its next page: the one connection serves them first).
      const report = await verifyDatabase(a.db, {
        checkpoints: a.deps.file.read(),
        trustedKey: a.trustedKey,
        batchSize: 7,
        readAhead: false,
        onProgress: () => void (appending ??= a.appendSamples(31, 33)),
      });
      await appending;
      expect(report.failure).toBeNull();
      expect(report).toMatchObject({ ok: true, checkpointsMatched: 1, entries: report.last.seq });
      if (driver === 'sqlite') expect(report.last.seq).toBe(33);
      expect(await a.verify()).toMatchObject({ ok: true, entries: 33 });
    });

    it('rows past the head that no head covers (the head set back around the application) are a head mismatch', async () => {
      await a.appendSamples(31, 32);
      await a.sql('update access_log_head set seq = 30, hash = (select hash from access_log where seq = 30) where id = 1');
      expect((await a.verify(false)).failure).toMatchObject({ kind: 'head-mismatch', seq: 30 });
    });

    it('an edited entry is named by its sequence number', async () => {
      await a.checkpoint();
      await a.sql("update access_log set justification = 'routine check' where seq = 7");
      expect((await a.verify()).failure).toMatchObject({ kind: 'edited', seq: 7 });
    });

    it('a deleted entry is named by its sequence number', async () => {
      await a.checkpoint();
      await a.sql('delete from access_log where seq = 12');
      expect((await a.verify()).failure).toMatchObject({ kind: 'deleted', seq: 12 });
    });

    it('two swapped entries are named by the first of them', async () => {
      await a.checkpoint();
      await a.sql('update access_log set seq = -1 where seq = 5');
      await a.sql('update access_log set seq = 5 where seq = 9');
      await a.sql('update access_log set seq = 9 where seq = -1');
      expect((await a.verify()).failure).toMatchObject({ kind: 'swapped', seq: 5, otherSeq: 9 });
    });

    it('a truncated tail with a reset head is caught by the checkpoint, naming the first missing entry', async () => {
      await a.checkpoint();
      await a.sql('delete from access_log where seq > 25');
      await a.sql('update access_log_head set seq = 25, hash = (select hash from access_log where seq = 25) where id = 1');
      expect((await a.verify(false)).ok).toBe(true); // consistent on its own: only the checkpoint knows better
      expect((await a.verify()).failure).toMatchObject({ kind: 'truncated', seq: 26, checkpointSeq: 30 });
    });

    it('a chain recomputed by someone with write access is caught by the signed checkpoint', async () => {
      await a.sql('delete from access_log where seq > 10');
      await a.sql('update access_log_head set seq = 10, hash = (select hash from access_log where seq = 10) where id = 1');
      await a.checkpoint();
      await a.appendSamples(11, 20);
      await a.checkpoint();
      await a.sql("update access_log set justification = 'nothing happened' where seq = 15");
      await recomputeChainFrom(a, 15);
      expect((await a.verify(false)).ok).toBe(true);
      expect((await a.verify()).failure).toMatchObject({ kind: 'recomputed', seq: 11, checkpointSeq: 20 });
    });

    it('a forged line in the checkpoint file fails verification', async () => {
      await a.checkpoint();
      const [cp] = a.deps.file.read();
      a.deps.file.append({ ...cp!, seq: 12, time: '2025-03-02T00:00:00.000Z' });
      expect((await a.verify()).failure).toMatchObject({ kind: 'bad-signature', seq: 12 });
    });
  });
}
