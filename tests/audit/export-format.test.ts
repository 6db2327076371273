import { describe, expect, it } from 'vitest';
import { sanitiseEntry } from '../../core/audit/canonical.js';
import { formatEntry, formatStoredRow, parseExport } from '../../storage/audit/export-format.js';
import { sampleEntry } from './audit-fixtures.js';

describe('export lines', () => {
  const odd = ['他说张三欠钱不还，"引号", back\\slash\nnew line', '', null];
  for (const format of ['jsonl', 'csv'] as const)
    it(`the bulk ${format} formatter writes what the entry formatter writes, and reads back exactly`, () => {
      for (const justification of odd) {
        const e = { ...sanitiseEntry(sampleEntry(9, { justification, fields: ['b', 'a'], actorId: null })), seq: 9, hash: 'ab'.repeat(32) };
        const row = [9, e.at.getTime(), e.actorId, e.actorRole, e.subjectId, e.action, JSON.stringify(e.fields), e.purpose, e.justification, e.outcome, e.reasonCode, e.channel, e.correlationId, e.hash];
        const line = formatStoredRow(row, 'cd'.repeat(32), format);
        expect(line).toBe(formatEntry({ ...e, prevHash: 'cd'.repeat(32) }, format));
        const text = format === 'csv' ? `header\n${line}` : line;
        expect([...parseExport(text, format)]).toEqual([{ ...e, prevHash: 'cd'.repeat(32) }]);
      }
    });
});

describe("SQLite's json_array", () => {
  it('writes exactly what JSON.stringify writes for every stored character (the verify path relies on it)', async () => {
    const Sqlite = (await import('better-sqlite3')).default;
    const db = new Sqlite(':memory:');
    const st = db.prepare('select json_array(?, ?, null) as j');
    const mismatches: number[] = [];
    for (let c = 0; c < 0x10000; c++) {
      if (c >= 0xd800 && c <= 0xdfff) continue; // lone surrogates are replaced before storage
      const s = `a${String.fromCharCode(c)}b`;
      if ((st.get(s, 'x') as { j: string }).j !== JSON.stringify([s, 'x', null])) mismatches.push(c);
    }
    for (const s of ['😀', '𠀀x', '他说张三欠钱不还']) expect((st.get(s, '') as { j: string }).j).toBe(JSON.stringify([s, '', null]));
    expect(mismatches).toEqual([]);
    db.close();
  });
});
