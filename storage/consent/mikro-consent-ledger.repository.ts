import type { ConsentPurpose, ConsentRecord, PrivacyNotice } from '../../core/consent/consent.js';
import { grantedPurposes } from '../../core/consent/consent.js';
import type { ConsentLedger, PromptCause } from '../../core/consent/consent.port.js';
import type { LocalizedText } from '../../core/records/field-catalog.js';
import type { Channel } from '../../core/audit/access-log-entry.js';
import { bit, bool, iso, num, Sql, strOrNull, type Row } from '../records/sql.js';

const toNotice = (r: Row): PrivacyNotice => ({
  version: num(r.version),
  text: { 'zh-CN': String(r.text_zh), en: String(r.text_en) },
  publishedAt: iso(r.published_at),
  publishedBy: strOrNull(r.published_by),
});

const toRecord = (r: Row): ConsentRecord => ({
  id: String(r.id),
  employeeId: String(r.employee_id),
  purpose: String(r.purpose) as ConsentPurpose,
  granted: bool(r.granted),
  noticeVersion: num(r.notice_version),
  at: iso(r.at),
  channel: String(r.channel) as Channel,
  actorId: strOrNull(r.actor_id),
});

/** Transaction-scoped advisory lock of the consent prompt rollout (PostgreSQL): "cons". */
export const CONSENT_ROLLOUT_LOCK_KEY = 0x636f_6e73;
const IN_BATCH = 500;

/** Notices and the append-only consent history; read fresh by every decision (no cache). */
export class MikroConsentLedger implements ConsentLedger {
  constructor(private readonly sql: Sql) {}

  async currentNotice(): Promise<PrivacyNotice | null> {
    const r = await this.sql.get('select * from privacy_notices order by version desc limit 1');
    return r ? toNotice(r) : null;
  }

  async notices(): Promise<PrivacyNotice[]> {
    return (await this.sql.all('select * from privacy_notices order by version')).map(toNotice);
  }

  async publishNotice(text: LocalizedText, by: string | null, at: Date): Promise<PrivacyNotice> {
    const head = await this.sql.get('select max(version) as v from privacy_notices');
    const version = num(head?.v ?? 0) + 1;
    await this.sql.run('insert into privacy_notices (version, text_zh, text_en, published_at, published_by) values (?, ?, ?, ?, ?)', [
      version,
      text['zh-CN'],
      text.en,
      at.toISOString(),
      by,
    ]);
    return { version, text, publishedAt: at.toISOString(), publishedBy: by };
  }

  async publishNoticeVersion(version: number, text: LocalizedText, by: string | null, at: Date): Promise<PrivacyNotice | null> {
    // On PostgreSQL a concurrent insert of the same version waits for the other and then does nothing.
    const inserted = await this.sql.run(
      'insert into privacy_notices (version, text_zh, text_en, published_at, published_by) values (?, ?, ?, ?, ?) on conflict (version) do nothing',
      [version, text['zh-CN'], text.en, at.toISOString(), by],
    );
    return inserted === 1 ? { version, text, publishedAt: at.toISOString(), publishedBy: by } : null;
  }

  async append(r: ConsentRecord): Promise<void> {
    await this.sql.run(
      'insert into consent_records (id, employee_id, purpose, granted, notice_version, at, channel, actor_id) values (?, ?, ?, ?, ?, ?, ?, ?)',
      [r.id, r.employeeId, r.purpose, this.sql.driver === 'postgresql' ? r.granted : bit(r.granted), r.noticeVersion, r.at, r.channel, r.actorId],
    );
  }

  async history(employeeId: string): Promise<ConsentRecord[]> {
    return (await this.sql.all('select * from consent_records where employee_id = ? order by at, id', [employeeId])).map(toRecord);
  }

  async granted(employeeId: string): Promise<Set<ConsentPurpose>> {
    return grantedPurposes(await this.history(employeeId));
  }

  async lastAnsweredNotice(employeeId: string): Promise<number | null> {
    const r = await this.sql.get('select max(notice_version) as v from consent_records where employee_id = ?', [employeeId]);
    return r?.v === null || r?.v === undefined ? null : num(r.v);
  }

  async markPrompted(employeeIds: readonly string[], version: number, cause: PromptCause, at: Date): Promise<string[]> {
    const unique = [...new Set(employeeIds)];
    const asked = new Set<string>();
    for (let i = 0; i < unique.length; i += IN_BATCH) {
      const part = unique.slice(i, i + IN_BATCH);
      const rows = await this.sql.all(`select employee_id from consent_prompts where notice_version = ? and employee_id in (${Sql.marks(part.length)})`, [version, ...part]);
      for (const r of rows) asked.add(String(r.employee_id));
    }
    const fresh = unique.filter((id) => !asked.has(id));
    if (fresh.length === 0) return [];
    const when = at.toISOString();
    await this.sql.insertMany(
      'insert into consent_prompts (employee_id, notice_version, cause, prompted_at)',
      // A concurrent writer (another instance) may have got there first: its mark stands.
      'on conflict (employee_id, notice_version) do nothing',
      4,
      fresh.map((id) => [id, version, cause, when]),
      IN_BATCH,
    );
    return fresh;
  }

  async promptCounts(): Promise<Map<number, number>> {
    const rows = await this.sql.all('select notice_version as v, count(*) as n from consent_prompts group by notice_version');
    return new Map(rows.map((r) => [num(r.v), num(r.n)]));
  }

  async startRollout(version: number, at: Date): Promise<void> {
    await this.sql.run('insert into consent_rollouts (notice_version, started_at) values (?, ?) on conflict (notice_version) do nothing', [version, at.toISOString()]);
  }

  async openRollouts(): Promise<number[]> {
    return (await this.sql.all('select notice_version as v from consent_rollouts where finished_at is null order by notice_version')).map((r) => num(r.v));
  }

  async finishRollout(version: number, at: Date): Promise<void> {
    await this.sql.run('update consent_rollouts set finished_at = ? where notice_version = ? and finished_at is null', [at.toISOString(), version]);
  }

  async unprompted(version: number, afterId: string | null, limit: number): Promise<string[]> {
    const rows = await this.sql.all(
      `select e.id from employees e
        where e.status in ('active', 'pending_departure') and e.anonymised_at is null and e.dingtalk_user_id is not null
          ${afterId === null ? '' : 'and e.id > ?'}
          and not exists (select 1 from consent_prompts p where p.employee_id = e.id and p.notice_version = ?)
          and not exists (select 1 from consent_records r where r.employee_id = e.id and r.notice_version >= ?)
        order by e.id limit ?`,
      afterId === null ? [version, version, limit] : [afterId, version, version, limit],
    );
    return rows.map((r) => String(r.id));
  }

  async tryLockRollout(): Promise<boolean> {
    if (this.sql.driver !== 'postgresql') return true; // one writer per SQLite file anyway
    const r = await this.sql.get<{ locked: boolean }>('select pg_try_advisory_xact_lock(?::bigint) as locked', [CONSENT_ROLLOUT_LOCK_KEY]);
    return r?.locked === true;
  }
}
