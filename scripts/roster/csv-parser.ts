/** A parsed CSV record with the physical line it starts on (1-based). */
export interface CsvRecord {
  readonly line: number;
  readonly fields: string[];
}

export class CsvSyntaxError extends Error {
  constructor(readonly line: number, reason: string) {
    super(`line ${line}: ${reason}`);
    this.name = 'CsvSyntaxError';
  }
}

const SPECIAL = /[,\r\n"]/g;

/**
 * RFC 4180: comma-separated, fields optionally in double quotes, "" is a quote inside quotes,
 * quoted fields may span lines; CRLF or LF line ends; a leading UTF-8 BOM is dropped.
 * Blank lines are skipped. Errors name the line (never the content). Scans by slices, not
 * characters: a 100k-row roster is ~30 MB.
 */
export function parseCsv(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  const n = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  let fields: string[] = [];
  let start = line;
  const endRecord = () => {
    if (!(fields.length === 1 && fields[0] === '')) records.push({ line: start, fields });
    fields = [];
    start = line;
  };
  while (i < n) {
    if (text[i] === '"') {
      // Quoted field: up to the next quote that is not doubled.
      let value = '';
      let from = i + 1;
      for (;;) {
        const q = text.indexOf('"', from);
        if (q < 0) throw new CsvSyntaxError(start, 'a quoted field is not closed');
        const chunk = text.slice(from, q);
        value += chunk;
        for (let k = chunk.indexOf('\n'); k >= 0; k = chunk.indexOf('\n', k + 1)) line++;
        if (text[q + 1] === '"') {
          value += '"';
          from = q + 2;
          continue;
        }
        i = q + 1;
        break;
      }
      fields.push(value);
      const next = text[i];
      if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r') throw new CsvSyntaxError(line, 'text after a closing quote');
    } else {
      SPECIAL.lastIndex = i;
      const m = SPECIAL.exec(text);
      const j = m ? m.index : n;
      if (m && m[0] === '"') throw new CsvSyntaxError(line, 'a quote inside an unquoted field');
      fields.push(text.slice(i, j));
      i = j;
    }
    const c = text[i];
    if (c === ',') {
      i++;
      if (i === n) fields.push('');
    } else if (c === '\r' || c === '\n') {
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
      line++;
      endRecord();
    }
  }
  if (fields.length) endRecord();
  return records;
}
