import type { ConsentPurpose, ConsentRecord, PrivacyNotice } from '../../core/consent/consent.js';
import { grantedPurposes } from '../../core/consent/consent.js';
import type { ConsentLedger } from '../../core/consent/consent.port.js';
import type { LocalizedText } from '../../core/records/field-catalog.js';
import type { Channel } from '../../core/audit/access-log-entry.js';
import { bit, bool, iso, num, strOrNull, type Row, type Sql } from '../records/sql.js';

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
}
