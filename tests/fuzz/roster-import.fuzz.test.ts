import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../../scripts/app/config.js';
import { createLogger } from '../../scripts/app/logger.js';
import { COMMANDS } from '../../scripts/commands/index.js';
import { generateRoster } from '../../scripts/bench/import.bench.js';
import { Database } from '../../storage/database.js';
import { hostileString, runs, wrongValue } from './support/payloads.js';

/**
 * The roster import (the real `boundary import` command, in-process) fed CSV and JSON files with
 * fuzzed cells, broken quoting, wrong types and stray lines. Each run ends with exit 0 (the
 * mutation happened to be valid) or 65 with a report naming lines and columns; a refused file
 * writes nothing, and the report never echoes a cell.
 */
const TABLES = ['employees', 'departments', 'field_values', 'data_keys', 'access_log'];
const importCommand = await COMMANDS.find((c) => c.name === 'import')!.load();

describe('fuzzing the roster import', () => {
  const dir = mkdtempSync(join(tmpdir(), 'boundary-import-fuzz-'));
  let config: Config;
  let db: Database;
  const base = generateRoster(6).trimEnd().split('\n');
  const header = base[0]!.split(',');

  const counts = async () => {
    const out: Record<string, number> = {};
    for (const t of TABLES) out[t] = Number(((await db.fork().getConnection().execute(`select count(*) as n from ${t}`)) as Array<{ n: unknown }>)[0]!.n);
    return out;
  };

  /** Runs the command on a file, capturing what it writes to stderr. */
  const runImport = async (name: string, content: string): Promise<{ code: number; report: string }> => {
    const file = join(dir, name);
    writeFileSync(file, content);
    const chunks: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((c: string | Uint8Array) => (chunks.push(String(c)), true)) as typeof process.stderr.write;
    try {
      const code = await importCommand.run({ config, log: createLogger('silent'), args: [file] });
      return { code, report: chunks.join('') };
    } finally {
      process.stderr.write = write;
    }
  };

  const refused = { csv: 0, json: 0 };
  /** A refusal changes nothing and names no value; an acceptance is the only way the tables move. */
  const judge = async (content: string, name: 'fuzz.csv' | 'fuzz.json', planted: readonly string[]) => {
    const before = await counts();
    const { code, report } = await runImport(name, content);
    expect([0, 65], report.slice(0, 300)).toContain(code);
    if (code === 65) refused[name === 'fuzz.csv' ? 'csv' : 'json'] += 1;
    if (code === 65) {
      expect(await counts()).toEqual(before);
      expect(report.length).toBeGreaterThan(0);
      for (const v of planted) if (v.trim().length >= 8 && !base.join('\n').includes(v)) expect(report.includes(v), `report echoes ${JSON.stringify(v.slice(0, 20))}`).toBe(false);
    }
  };

  beforeAll(async () => {
    ({ config } = loadConfig({ DATABASE_URL: join(dir, 'boundary.sqlite'), BOUNDARY_DATA_DIR: join(dir, 'data'), LOG_LEVEL: 'silent' }));
    expect((await runImport('base.csv', base.join('\n') + '\n')).code).toBe(0);
    db = await Database.open({ driver: 'sqlite', url: config.database.url });
  }, 120_000);
  afterAll(() => db?.close());

  const csvCell = (v: unknown) => {
    const s = typeof v === 'string' ? v : JSON.stringify(v) ?? '';
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };

  it('CSV: fuzzed cells (quoted or raw), stray lines, a BOM or a missing column', async () => {
    const mutation = fc.record({
      edits: fc.array(fc.record({ row: fc.integer({ min: 1, max: base.length - 1 }), col: fc.integer({ min: 0, max: header.length - 1 }), value: wrongValue, raw: fc.boolean() }), { minLength: 1, maxLength: 4 }),
      extra: fc.option(hostileString, { nil: undefined }),
      bom: fc.boolean(),
      dropColumn: fc.option(fc.integer({ min: 0, max: header.length - 1 }), { nil: undefined }),
    });
    await fc.assert(
      fc.asyncProperty(mutation, async (m) => {
        const rows = base.map((l) => l.split(','));
        const planted: string[] = [];
        for (const e of m.edits) {
          const v = typeof e.value === 'string' ? e.value : JSON.stringify(e.value) ?? '';
          planted.push(v);
          rows[e.row]![e.col] = e.raw ? v : csvCell(e.value);
        }
        if (m.dropColumn !== undefined) rows.forEach((r) => r.splice(m.dropColumn!, 1));
        let text = rows.map((r) => r.join(',')).join('\n') + '\n';
        if (m.extra !== undefined) text += `${m.extra}\n`;
        if (m.bom) text = `\ufeff${text}`;
        await judge(text, 'fuzz.csv', planted);
      }),
      runs(60, 600),
    );
    expect(refused.csv).toBeGreaterThan(20);
  }, 600_000);

  it('JSON: wrong types, nested values, non-arrays and broken documents', async () => {
    const objects = base.slice(1).map((l) => Object.fromEntries(l.split(',').map((v, i) => [header[i]!, v])));
    const document = fc.oneof(
      fc.array(fc.record({ row: fc.integer({ min: 0, max: objects.length - 1 }), key: fc.oneof(fc.constantFrom(...header), hostileString), value: wrongValue }), { minLength: 1, maxLength: 4 }).map((edits) => {
        const copy = objects.map((o) => ({ ...o }) as Record<string, unknown>);
        for (const e of edits) copy[e.row]![e.key] = e.value;
        return { text: JSON.stringify(copy), planted: edits.map((e) => (typeof e.value === 'string' ? e.value : '')) };
      }),
      wrongValue.map((v) => ({ text: JSON.stringify(v) ?? '', planted: [] as string[] })),
      fc.integer({ min: 1, max: 5000 }).map((n) => ({ text: JSON.stringify(objects).slice(0, n), planted: [] as string[] })),
    );
    await fc.assert(
      fc.asyncProperty(document, async ({ text, planted }) => judge(text, 'fuzz.json', planted)),
      runs(60, 600),
    );
    expect(refused.json).toBeGreaterThan(20);
  }, 600_000);
});
