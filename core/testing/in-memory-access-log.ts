import type { AccessLogEntry, NewAccessLogEntry } from '../audit/access-log-entry.js';
import type { AccessLogBatchWriter, AccessLogQuery, AccessLogReader } from '../audit/access-log.port.js';
import { clone, type Snapshottable } from './snapshottable.js';

/**
 * The access log in memory: entries numbered from 1, in append order. No hash chain here
 * (`hash` is ''); the real chain lives in the storage adapter.
 */
export class InMemoryAccessLog implements AccessLogBatchWriter, AccessLogReader, Snapshottable {
  private rows: AccessLogEntry[] = [];

  get entries(): readonly AccessLogEntry[] {
    return this.rows;
  }

  async append(entry: NewAccessLogEntry): Promise<AccessLogEntry> {
    const stored: AccessLogEntry = { ...clone(entry), seq: this.rows.length + 1, hash: '' };
    this.rows.push(stored);
    return clone(stored);
  }

  async appendMany(entries: readonly NewAccessLogEntry[]): Promise<AccessLogEntry[]> {
    const out: AccessLogEntry[] = [];
    for (const e of entries) out.push(await this.append(e));
    return out;
  }

  async search(q: AccessLogQuery): Promise<{ entries: AccessLogEntry[]; nextBeforeSeq: number | null }> {
    const keyword = q.keyword?.toLowerCase();
    const hits = this.rows
      .filter((e) => q.beforeSeq === undefined || e.seq < q.beforeSeq)
      .filter((e) => q.actorId === undefined || e.actorId === q.actorId)
      .filter((e) => q.excludeActorId === undefined || e.actorId !== q.excludeActorId)
      .filter((e) => q.subjectId === undefined || e.subjectId === q.subjectId)
      .filter((e) => q.purpose === undefined || e.purpose === q.purpose)
      .filter((e) => q.outcome === undefined || e.outcome === q.outcome)
      .filter((e) => q.field === undefined || e.fields.includes(q.field))
      .filter((e) => q.channel === undefined || e.channel === q.channel)
      .filter((e) => q.action === undefined || e.action === q.action)
      .filter((e) => q.from === undefined || e.at.getTime() >= q.from.getTime())
      .filter((e) => q.to === undefined || e.at.getTime() < q.to.getTime())
      .filter((e) => keyword === undefined || (e.justification ?? '').toLowerCase().includes(keyword))
      .reverse();
    const page = hits.slice(0, q.limit);
    const last = page[page.length - 1];
    return { entries: page.map(clone), nextBeforeSeq: hits.length > q.limit && last ? last.seq : null };
  }

  snapshot(): unknown {
    return clone(this.rows);
  }

  restore(snapshot: unknown): void {
    this.rows = snapshot as AccessLogEntry[];
  }
}
