import type { VerifiableEntry } from '../../core/audit/verify-chain.js';
import type { AccessLogEntry, Channel, LogAction, LogOutcome } from '../../core/audit/access-log-entry.js';

export const EXPORT_FORMATS = ['jsonl', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Exported rows carry both hashes, so an auditor can re-verify the chain offline. */
export type ExportedEntry = AccessLogEntry & { readonly prevHash: string | null };

export const CSV_HEADER =
  'seq,at,actor_id,actor_role,subject_id,action,fields,purpose,justification,outcome,reason_code,channel,correlation_id,prev_hash,hash\n';

/**
 * Strings are always quoted and null is an empty unquoted cell, so null and '' stay distinct
 * and the canonical form (and hash) can be rebuilt exactly. Cells are not prefixed against
 * spreadsheet formulas: that would change the data the hashes cover.
 */
const csvCell = (v: string | number | null): string => (v === null ? '' : typeof v === 'number' ? String(v) : `"${v.replace(/"/g, '""')}"`);

export function formatEntry(e: ExportedEntry, format: ExportFormat): string {
  if (format === 'jsonl')
    return `${JSON.stringify({
      seq: e.seq,
      at: e.at.toISOString(),
      actorId: e.actorId,
      actorRole: e.actorRole,
      subjectId: e.subjectId,
      action: e.action,
      fields: e.fields,
      purpose: e.purpose,
      justification: e.justification,
      outcome: e.outcome,
      reasonCode: e.reasonCode,
      channel: e.channel,
      correlationId: e.correlationId,
      prevHash: e.prevHash,
      hash: e.hash,
    })}\n`;
  return `${[
    e.seq,
    e.at.toISOString(),
    e.actorId,
    e.actorRole,
    e.subjectId,
    e.action,
    JSON.stringify(e.fields),
    e.purpose,
    e.justification,
    e.outcome,
    e.reasonCode,
    e.channel,
    e.correlationId,
    e.prevHash,
    e.hash,
  ]
    .map(csvCell)
    .join(',')}\n`;
}

/**
 * The export path's formatter: one stored row (ENTRY_COLUMNS order, `fields` as its stored
 * JSON text) straight to a line, without building an entry. Produces exactly what
 * `formatEntry` produces for the same entry.
 */
export function formatStoredRow(row: readonly StoredCell[], prevHash: string | null, format: ExportFormat): string {
  const at = row[1];
  const iso = (at instanceof Date ? at : new Date(typeof at === 'string' && /^\d+$/.test(at) ? Number(at) : (at as number | string))).toISOString();
  const str = (i: number) => (row[i] === null || row[i] === undefined ? null : String(row[i]));
  const seq = Number(row[0]);
  if (format === 'jsonl') {
    const q = JSON.stringify;
    return (
      `{"seq":${seq},"at":"${iso}","actorId":${q(str(2))},"actorRole":${q(str(3))},"subjectId":${q(str(4))},"action":${q(str(5))},` +
      `"fields":${String(row[6])},"purpose":${q(str(7))},"justification":${q(str(8))},"outcome":${q(str(9))},"reasonCode":${q(str(10))},` +
      `"channel":${q(str(11))},"correlationId":${q(str(12))},"prevHash":${q(prevHash)},"hash":${q(str(13))}}\n`
    );
  }
  const cells = [seq, iso, str(2), str(3), str(4), str(5), str(6), str(7), str(8), str(9), str(10), str(11), str(12), prevHash, str(13)];
  return `${cells.map(csvCell).join(',')}\n`;
}

export type StoredCell = string | number | Date | null;

type Cell = string | null;

/** Splits CSV text into records of cells (quoted cells may span lines); unquoted empty = null. */
export function* parseCsv(text: string): Generator<Cell[]> {
  let i = 0;
  while (i < text.length) {
    const row: Cell[] = [];
    for (;;) {
      let cell: Cell;
      if (text[i] === '"') {
        let s = '';
        i++;
        for (;;) {
          const q = text.indexOf('"', i);
          if (q < 0) throw new Error('unterminated quoted cell');
          s += text.slice(i, q);
          if (text[q + 1] === '"') {
            s += '"';
            i = q + 2;
          } else {
            i = q + 1;
            break;
          }
        }
        cell = s;
      } else {
        let j = i;
        while (j < text.length && text[j] !== ',' && text[j] !== '\n') j++;
        cell = j === i ? null : text.slice(i, j);
        i = j;
      }
      row.push(cell);
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === '\n') i++;
      break;
    }
    yield row;
  }
}

const req = (v: Cell, name: string): string => {
  if (v === null) throw new Error(`export row lacks ${name}`);
  return v;
};

/** Reads an export back into entries (for offline verification). */
export function* parseExport(text: string, format: ExportFormat): Generator<VerifiableEntry> {
  if (format === 'jsonl') {
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      const o = JSON.parse(line) as Omit<ExportedEntry, 'at'> & { at: string };
      yield { ...o, at: new Date(o.at), prevHash: o.prevHash ?? undefined };
    }
    return;
  }
  let header = true;
  for (const c of parseCsv(text)) {
    if (header) {
      header = false;
      continue;
    }
    yield {
      seq: Number(req(c[0] ?? null, 'seq')),
      at: new Date(req(c[1] ?? null, 'at')),
      actorId: c[2] ?? null,
      actorRole: (c[3] ?? null) as AccessLogEntry['actorRole'],
      subjectId: c[4] ?? null,
      action: req(c[5] ?? null, 'action') as LogAction,
      fields: JSON.parse(req(c[6] ?? null, 'fields')) as string[],
      purpose: c[7] ?? null,
      justification: c[8] ?? null,
      outcome: req(c[9] ?? null, 'outcome') as LogOutcome,
      reasonCode: req(c[10] ?? null, 'reason_code'),
      channel: req(c[11] ?? null, 'channel') as Channel,
      correlationId: c[12] ?? null,
      prevHash: c[13] ?? undefined,
      hash: req(c[14] ?? null, 'hash'),
    };
  }
}
