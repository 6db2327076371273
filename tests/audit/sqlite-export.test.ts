import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../storage/database.js';
import { exportAccessLog } from '../../storage/audit/access-log-export.js';
import { ENTRY_COLUMNS } from '../../storage/audit/access-log-rows.js';
import { CSV_HEADER, formatStoredRow, type ExportFormat, type StoredCell } from '../../storage/audit/export-format.js';
import { rawArrays, withSqliteConnection } from '../../storage/audit/sqlite-raw.js';
import { sqliteExportPage } from '../../storage/audit/sqlite-export.js';
import { freshDatabase, type TestDatabase } from '../support/databases.js';

/**
 * SQLite formats export pages itself; what it writes must be byte for byte what the JavaScript
 * formatter writes for the same stored rows, for every character and time the log can hold.
 * Rows are inserted as someone with write access would, hashes are dummies: only the text matters.
 */
describe('SQLite-formatted export pages', () => {
  let tdb: TestDatabase;
  let db: Database;
  const anchor = { seq: 3, hash: 'a0'.repeat(32) };
  const odd = '他说张三欠钱不还，"引号", back\\slash\nnew line\r\t\u0001\u001f\u007f\u2028😀𠀀';

  const insert = (seq: number, at: unknown, over: Partial<Record<string, unknown>> = {}) => {
    const row: Record<string, unknown> = {
      seq,
      at,
      actor_id: seq % 3 ? `emp-${seq}` : null,
      actor_role: seq % 3 ? 'hr_admin' : null,
      subject_id: `emp-${seq % 4}`,
      action: 'reveal',
      fields: JSON.stringify(seq % 2 ? ['a"b', 'phone'] : []),
      purpose: seq % 5 ? 'payroll' : null,
      justification: seq % 4 ? `${odd} #${seq}` : null,
      outcome: 'allowed',
      reason_code: 'POLICY.OK',
      channel: 'bot',
      correlation_id: seq % 6 ? `c-"${seq}"` : null,
      hash: seq.toString(16).padStart(64, '0'),
      ...over,
    };
    const cols = ENTRY_COLUMNS.split(', ');
    const sql = `insert into access_log (${ENTRY_COLUMNS}) values (${cols.map(() => '?').join(', ')})`;
    return withSqliteConnection(db.fork(), (conn) => conn.prepare(sql).run(cols.map((c) => row[c])));
  };

  /** The expected export, built from plain rows with the JavaScript formatter. */
  async function expected(format: ExportFormat, subjectId?: string): Promise<string> {
    const rows = (await rawArrays(db.fork(), `select ${ENTRY_COLUMNS} from access_log order by seq`, [])) as StoredCell[][];
    const hashAt = new Map(rows.map((r) => [Number(r[0]), r[13] as string]));
    const lines = rows
      .filter((r) => subjectId === undefined || r[4] === subjectId)
      .map((r) => formatStoredRow(r, hashAt.get(Number(r[0]) - 1) ?? (Number(r[0]) - 1 === anchor.seq ? anchor.hash : null), format));
    return (format === 'csv' ? CSV_HEADER : '') + lines.join('');
  }

  async function exported(format: ExportFormat, batchSize: number, subjectId?: string): Promise<string> {
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    await exportAccessLog(db, out, { format, batchSize, filter: subjectId ? { subjectId } : {} });
    out.end();
    return Buffer.concat(chunks).toString('utf8');
  }

  beforeAll(async () => {
    tdb = await freshDatabase('sqlite');
    db = await Database.open({ driver: 'sqlite', url: tdb.url });
    await db.migrate();
    await db.fork().execute('update access_log_head set anchor_seq = ?, anchor_hash = ? where id = 1', [anchor.seq, anchor.hash], 'run');
    // After the anchor; 9 is missing (a deleted entry leaves the next one without a previous hash).
    const times = [0, 1, 999, 951_782_399_999, 951_782_400_000, 1_700_000_000_123, 4_102_444_800_000, 253_402_300_799_999];
    let seq = 4;
    for (const at of times) {
      if (seq === 9) seq++;
      await insert(seq++, at);
    }
    // Every BMP character but surrogates and NUL (the append path replaces those), 2,000 a row.
    let c = 1;
    while (c < 0x10000) {
      let s = '';
      for (; c < 0x10000 && s.length < 2000; c++) if (c < 0xd800 || c > 0xdfff) s += String.fromCharCode(c);
      await insert(seq++, 1_700_000_000_000 + seq, { justification: s, actor_id: s.slice(0, 300), fields: JSON.stringify([s.slice(0, 40)]) });
    }
  });
  afterAll(async () => {
    await db?.close();
    await tdb?.drop();
  });

  for (const format of ['jsonl', 'csv'] as const)
    it(`${format}: byte-identical to the JavaScript formatter, whole and filtered, in any page size`, async () => {
      const want = await expected(format);
      expect(want.length).toBeGreaterThan(0x10000 - 0x800); // the BMP is in there
      for (const batch of [1, 7, 5000]) expect(await exported(format, batch)).toBe(want);
      expect(await exported(format, 3, 'emp-1')).toBe(await expected(format, 'emp-1'));
    });

  it('SQLite formats ordinary pages, and hands back pages with rows it cannot format', async () => {
    const page = (cursor: number, format: ExportFormat = 'jsonl') => sqliteExportPage(db.fork(), {}, cursor, 3, anchor, format);
    expect((await page(3)).text?.toString()).toBe((await expected('jsonl')).split('\n').slice(0, 3).join('\n') + '\n');
    await insert(1000, -1); // before 1970: toISOString territory
    await insert(1001, 253_402_300_800_000); // year 10000
    await insert(1002, 1_700_000_000_000, { justification: Buffer.from('不是文本') });
    for (const seq of [999, 1000, 1001]) expect((await page(seq)).text).toBeNull();
    expect((await page(1001, 'csv')).text?.toString()).toContain('"不是文本"'); // CSV writes a blob's bytes as stored
    for (const format of ['jsonl', 'csv'] as const) expect(await exported(format, 2)).toBe(await expected(format));
  });
});
