import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonical } from '../../core/audit/canonical.js';
import type { ChainItem } from '../../core/audit/verify-chain.js';
import { readChainItems } from '../../storage/audit/chain-items.js';
import { readAheadPages } from '../../storage/audit/sqlite-read-ahead.js';
import { verifyDatabase } from '../../storage/audit/verify-database.js';
import { sampleEntry } from './audit-fixtures.js';
import { openAuditDb, type AuditDb } from './audit-db.js';

/**
 * On SQLite the verifier hashes canonical forms that SQL builds, read ahead on a worker thread.
 * Those bytes must be exactly `canonical(seq, entry)` for every character and time the log can
 * hold, and everything SQL cannot build (times outside 1970–9999, gaps, odd hashes) must still
 * be checked, row by row, on either path.
 */
describe('SQLite verify path', () => {
  let a: AuditDb;
  const times = [0, 1, 951_782_399_999, 951_782_400_000, 1_700_000_000_123, 253_402_300_799_999];
  const bmpSeqs: number[] = [];

  const items = async (readAhead: boolean, batch: number): Promise<ChainItem[]> => {
    const out: ChainItem[] = [];
    for await (const b of readChainItems(a.db, 0, batch, readAhead)) out.push(...b);
    return out;
  };

  beforeAll(async () => {
    a = await openAuditDb('sqlite');
    for (const [i, t] of times.entries()) await a.append(sampleEntry(i + 1, { at: new Date(t) }));
    // Every BMP character (lone surrogates and NUL become U+FFFD on the way in), 2,000 an entry.
    for (let c = 0; c < 0x10000; ) {
      let s = '';
      for (; c < 0x10000 && s.length < 2000; c++) s += String.fromCharCode(c);
      const e = await a.append(sampleEntry(100, { justification: s, actorId: s.slice(0, 200), fields: [s.slice(0, 30), 'phone'] }));
      bmpSeqs.push(e.seq);
    }
  });
  afterAll(async () => a?.close());

  it('SQL builds exactly canonical(seq, entry) for every stored entry, on the worker and on this thread', async () => {
    const want = (await a.all()).map((e) => Buffer.from(canonical(e.seq, e), 'utf8'));
    for (const readAhead of [true, false]) {
      const got = await items(readAhead, 7);
      expect(got.every((x) => x.canonical !== undefined)).toBe(true);
      expect(got.map((x) => Buffer.from(x.canonical!))).toEqual(want);
    }
  });

  it('the read-ahead worker reads the pages on its own connection, and is refused an in-memory database', async () => {
    const sql = 'select count(*) as n, max(seq) as last, group_concat(seq) as seqs from (select seq from access_log where seq > ? order by seq limit 5)';
    const seqs: string[] = [];
    for await (const page of readAheadPages<{ n: number; last: number | null; seqs: string }>(a.tdb.url, sql, 2, 5)!) seqs.push(page.seqs);
    expect(seqs.join(',')).toBe((await a.all()).map((e) => e.seq).filter((s) => s > 2).join(','));
    expect(readAheadPages(':memory:', sql, 0, 5)).toBeNull();
  });

  it('verifies, and names an edited entry, with and without read-ahead and in any page size', async () => {
    for (const readAhead of [true, false])
      for (const batchSize of [1, 7, 2000]) expect(await verifyDatabase(a.db, { readAhead, batchSize })).toMatchObject({ ok: true, entries: bmpSeqs.length + times.length });
    const victim = bmpSeqs[17]!;
    await a.sql("update access_log set justification = justification || '.' where seq = ?", [victim]);
    for (const readAhead of [true, false]) expect((await verifyDatabase(a.db, { readAhead, batchSize: 7 })).failure).toMatchObject({ kind: 'edited', seq: victim });
    await a.sql('update access_log set justification = substr(justification, 1, length(justification) - 1) where seq = ?', [victim]);
    expect((await verifyDatabase(a.db)).ok).toBe(true);
  });

  it('pages SQL cannot build (times before 1970 or after 9999, gaps) are read row by row and still checked', async () => {
    const before = await a.append(sampleEntry(200, { at: new Date(-1) }));
    const after = await a.append(sampleEntry(201, { at: new Date(253_402_300_800_000) }));
    for (const readAhead of [true, false]) {
      const got = await items(readAhead, 2);
      for (const seq of [before.seq, after.seq]) expect(got.find((x) => x.seq === seq)?.body).toBeDefined();
      expect(got.filter((x) => x.body !== undefined).length).toBeLessThanOrEqual(4); // only their pages
      expect((await verifyDatabase(a.db, { readAhead, batchSize: 2 })).ok).toBe(true);
    }
    await a.sql('delete from access_log where seq = ?', [bmpSeqs[3]!]);
    for (const readAhead of [true, false]) expect((await verifyDatabase(a.db, { readAhead, batchSize: 5 })).failure).toMatchObject({ kind: 'deleted', seq: bmpSeqs[3] });
  });
});
