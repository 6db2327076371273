import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import type { RosterInput, RosterRow } from '../../core/records/roster-import.js';
import { CsvSyntaxError, parseCsv } from './csv-parser.js';

export type RosterFormat = 'csv' | 'json';

/** The file cannot be read as a roster at all (distinct from rows that fail validation). */
export class RosterFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RosterFileError';
  }
}

export function formatOf(path: string, given?: string): RosterFormat {
  const f = (given ?? extname(path).slice(1)).toLowerCase();
  if (f === 'csv' || f === 'json') return f;
  throw new RosterFileError(`cannot tell the format of ${path}: use --format csv or --format json`);
}

/** CSV: header on line 1, one record per row. Line numbers are the CSV's own lines. */
export function rosterFromCsv(text: string): RosterInput {
  let records;
  try {
    records = parseCsv(text);
  } catch (e) {
    if (e instanceof CsvSyntaxError) throw new RosterFileError(`malformed CSV at ${e.message}`);
    throw e;
  }
  const [header, ...data] = records;
  if (!header) throw new RosterFileError('the file is empty');
  const columns = header.fields.map((h) => h.trim());
  const dup = columns.find((c, i) => columns.indexOf(c) !== i);
  if (dup !== undefined) throw new RosterFileError(`column ${dup} appears twice in the header`);
  const rows: RosterRow[] = data.map((r) => {
    if (r.fields.length !== columns.length) {
      throw new RosterFileError(`line ${r.line}: ${r.fields.length} fields, the header has ${columns.length}`);
    }
    return { line: r.line, values: Object.fromEntries(columns.map((c, i) => [c, r.fields[i]!])) };
  });
  return { columns, rows };
}

/** JSON: an array of flat objects; "line" is the record's position (1-based, after a notional header). */
export function rosterFromJson(text: string): RosterInput {
  let data: unknown;
  try {
    data = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch {
    throw new RosterFileError('the file is not valid JSON');
  }
  if (!Array.isArray(data)) throw new RosterFileError('the JSON must be an array of objects');
  const columns = new Set<string>();
  const rows: RosterRow[] = data.map((item, i) => {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) throw new RosterFileError(`record ${i + 1} is not an object`);
    const values: Record<string, string> = {};
    for (const [k, v] of Object.entries(item as Record<string, unknown>)) {
      columns.add(k);
      if (v === null || v === undefined) values[k] = '';
      else if (Array.isArray(v) && k === 'roles') values[k] = v.map(String).join(';');
      else if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') values[k] = String(v);
      else throw new RosterFileError(`record ${i + 1}: ${k} must be a string, number or boolean`);
    }
    return { line: i + 1, values };
  });
  return { columns: [...columns], rows };
}

export function readRosterFile(path: string, format: RosterFormat): RosterInput {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new RosterFileError(`cannot read ${path}`);
  }
  return format === 'csv' ? rosterFromCsv(text) : rosterFromJson(text);
}
