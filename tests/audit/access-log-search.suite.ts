import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccessLogQuery } from '../../core/audit/access-log.port.js';
import { publicKeyFromBase64 } from '../../core/audit/checkpoint.js';
import { verifyChain } from '../../core/audit/verify-chain.js';
import { exportAccessLog } from '../../storage/audit/access-log-export.js';
import { pruneAccessLog } from '../../storage/audit/access-log-prune.js';
import { parseExport, type ExportFormat } from '../../storage/audit/export-format.js';
import { MikroAccessLogSearch } from '../../storage/audit/mikro-access-log-search.repository.js';
import type { TestDriver } from '../support/databases.js';
import { sampleEntry, T0 } from './audit-fixtures.js';
import { openAuditDb, type AuditDb } from './audit-db.js';

const DEBT = '他说张三欠钱不还，想要他父母电话';

/** Search, export and retention, on every driver. */
export function accessLogSearchSuite(driver: TestDriver): void {
  describe(`access-log search, export and prune on ${driver}`, () => {
    let a: AuditDb;
    const search = (q: Omit<AccessLogQuery, 'limit'> & { limit?: number }) =>
      new MikroAccessLogSearch(a.db.fork(), driver).search({ limit: 50, ...q });
    const seqs = async (q: Omit<AccessLogQuery, 'limit'> & { limit?: number }) => (await search(q)).entries.map((e) => e.seq);

    beforeAll(async () => {
      a = await openAuditDb(driver);
      await a.appendSamples(1, 40);
      await a.append(sampleEntry(41, { justification: DEBT, subjectId: 'emp-zhang' }));
      await a.append(sampleEntry(42, { justification: 'Owes me MONEY, says Li' }));
      await a.appendSamples(43, 48);
    });
    afterAll(async () => a?.close());

    it('keyword search finds 欠钱 inside a longer Chinese justification', async () => {
      expect(await seqs({ keyword: '欠钱' })).toEqual([41]);
      expect(await seqs({ keyword: '父母电话' })).toEqual([41]);
      expect(await seqs({ keyword: '欠' })).toEqual([41]);
      expect(await seqs({ keyword: '还钱' })).toEqual([]);
      expect(await seqs({ keyword: '欠钱', subjectId: 'emp-zhang' })).toEqual([41]);
      expect(await seqs({ keyword: '欠钱', subjectId: 'emp-10' })).toEqual([]);
    });

    it('keyword search ignores ASCII case and treats LIKE wildcards literally', async () => {
      expect(await seqs({ keyword: 'owes me money' })).toEqual([42]);
      expect(await seqs({ keyword: 'Li' })).toEqual([42]);
      expect(await seqs({ keyword: 'number 1%' })).toEqual([]);
      expect(await seqs({ keyword: 'number 1_' })).toEqual([]);
    });

    it('filters by actor, subject, purpose, outcome, field, channel, action and time, newest first', async () => {
      const all = await a.all();
      const expectSeqs = (pred: (e: (typeof all)[number]) => boolean) => all.filter(pred).map((e) => e.seq).reverse();
      expect(await seqs({ actorId: 'emp-1' })).toEqual(expectSeqs((e) => e.actorId === 'emp-1'));
      expect(await seqs({ subjectId: 'emp-12' })).toEqual(expectSeqs((e) => e.subjectId === 'emp-12'));
      expect(await seqs({ purpose: 'payroll' })).toEqual(expectSeqs((e) => e.purpose === 'payroll'));
      expect(await seqs({ outcome: 'denied' })).toEqual(expectSeqs((e) => e.outcome === 'denied'));
      expect(await seqs({ field: 'emergency_contact' })).toEqual(expectSeqs((e) => e.fields.includes('emergency_contact')));
      expect(await seqs({ channel: 'miniapp', action: 'view' })).toEqual(expectSeqs((e) => e.channel === 'miniapp' && e.action === 'view'));
      expect(await seqs({ subjectId: 'emp-11', excludeActorId: 'emp-1' })).toEqual(
        expectSeqs((e) => e.subjectId === 'emp-11' && e.actorId !== 'emp-1'),
      );
      const from = new Date(T0.getTime() + 10 * 60_000);
      const to = new Date(T0.getTime() + 20 * 60_000);
      expect(await seqs({ from, to })).toEqual([19, 18, 17, 16, 15, 14, 13, 12, 11, 10]);
      expect(await seqs({ from, to, field: 'emergency_contact', outcome: 'denied' })).toEqual(
        expectSeqs((e) => e.seq >= 10 && e.seq < 20 && e.fields.includes('emergency_contact') && e.outcome === 'denied'),
      );
    });

    it('pages with a keyset cursor until the last page', async () => {
      const collected: number[] = [];
      let before: number | undefined;
      for (;;) {
        const page = await search({ field: 'phone', limit: 7, beforeSeq: before });
        collected.push(...page.entries.map((e) => e.seq));
        if (page.nextBeforeSeq === null) break;
        before = page.nextBeforeSeq;
      }
      expect(collected).toEqual(Array.from({ length: 48 }, (_, i) => 48 - i));
      const kw = await search({ keyword: 'reason number', limit: 5, beforeSeq: 30 });
      expect(kw.entries.map((e) => e.seq)).toEqual([29, 28, 26, 25, 24]);
      expect(kw.nextBeforeSeq).toBe(24);
    });

    for (const format of ['jsonl', 'csv'] as ExportFormat[]) {
      it(`exports ${format} with chain hashes that verify offline against the checkpoints`, async () => {
        await a.checkpoint();
        const text = await exportToString(a, format);
        const entries = [...parseExport(text, format)];
        expect(entries.map((e) => e.seq)).toEqual(Array.from({ length: 48 }, (_, i) => i + 1));
        const trustedKey = publicKeyFromBase64(a.deps.signer.publicKey);
        const report = await verifyChain(entries, { checkpoints: a.deps.file.read(), trustedKey });
        expect(report.failure).toBeNull();
        expect(report.checkpointsMatched).toBeGreaterThan(0);
        const tampered = text.replace('欠钱', '借钱');
        expect((await verifyChain([...parseExport(tampered, format)])).failure).toMatchObject({ kind: 'edited', seq: 41 });
      });
    }

    it('a filtered export carries previous hashes, so each extracted entry still checks out', async () => {
      const text = await exportToString(a, 'jsonl', { subjectId: 'emp-12' });
      const entries = [...parseExport(text, 'jsonl')];
      expect(entries.length).toBeGreaterThan(5);
      expect((await verifyChain(entries, { allowGaps: true })).ok).toBe(true);
      expect((await verifyChain(entries)).failure?.kind).toBe('deleted');
    });

    it('pruning removes the oldest entries only and the rest still verifies from the signed prune checkpoint', async () => {
      await a.checkpoint();
      const cutoff = new Date(T0.getTime() + 20 * 60_000 + 1);
      const result = await pruneAccessLog(a.deps, cutoff);
      expect(result).toMatchObject({ removed: 20, anchor: { seq: 20 } });
      expect(result?.checkpoint?.kind).toBe('prune');
      expect((await a.all())[0]?.seq).toBe(21);
      expect(await seqs({ keyword: 'reason number 1' })).toEqual([]); // 1 and 10–19 were pruned, index rows too
      expect(await seqs({ keyword: 'reason number 2' })).toEqual([29, 28, 26, 25, 24, 22, 21]);
      expect(await seqs({ field: 'phone', limit: 100 })).toHaveLength(28);
      const report = await a.verify();
      expect(report.failure).toBeNull();
      expect(report).toMatchObject({ ok: true, entries: 28, anchor: { seq: 20 } });
      expect((await a.verify(false)).ok).toBe(true);
      expect((await pruneAccessLog(a.deps, cutoff))?.removed).toBe(0);
      await a.sql('delete from access_log where seq = 21');
      expect((await a.verify()).failure).toMatchObject({ kind: 'deleted', seq: 21 });
    });
  });
}

async function exportToString(a: AuditDb, format: ExportFormat, filter = {}): Promise<string> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await exportAccessLog(a.db, out, { format, filter, batchSize: 9 });
  out.end();
  return Buffer.concat(chunks).toString('utf8');
}
