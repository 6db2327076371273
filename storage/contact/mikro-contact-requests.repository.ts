import type { ContactAnswer, ContactReason, ContactRequest, ContactStatus } from '../../core/contact/contact-request.js';
import type { ContactRequests } from '../../core/contact/contact-store.port.js';
import type { Locale } from '../../core/messaging/notification.js';
import { bit, bool, bytes, num, strOrNull, type Row, type Sql } from '../records/sql.js';
import type { ContactCipher } from './contact-cipher.js';

const COLUMNS =
  'id, requester_id, target_id, reason, message_enc, status, answer_enc, suppressed, locale, created_at, updated_at, expires_at, reviewed_by, hr_note, version';
const OPEN = "('submitted', 'hr_review', 'awaiting_consent')";
const NEUTRAL = "('declined', 'blocked', 'expired', 'undeliverable')";

/** A conflict on the partial unique index (one open request per pair) or on the version. */
export class ContactConflictError extends Error {
  constructor() {
    super('contact request changed concurrently');
    this.name = 'ContactConflictError';
  }
}

export class MikroContactRequests implements ContactRequests {
  constructor(
    private readonly sql: Sql,
    private readonly cipher: ContactCipher,
  ) {}

  async get(id: string): Promise<ContactRequest | null> {
    const row = await this.sql.get(`select ${COLUMNS} from contact_requests where id = ?`, [id]);
    return row ? this.toRequest(row) : null;
  }

  async save(r: ContactRequest): Promise<ContactRequest> {
    const message = this.cipher.seal('contact_requests', 'message', r.id, r.message);
    const answer = r.answer ? this.cipher.seal('contact_requests', 'answer', r.id, JSON.stringify(r.answer)) : null;
    const values = [
      r.status,
      answer,
      bit(r.suppressed),
      r.updatedAt.getTime(),
      r.expiresAt?.getTime() ?? null,
      r.reviewedBy,
      r.hrNote,
    ];
    if (r.version === 0) {
      await this.sql.run(
        `insert into contact_requests (${COLUMNS}) values (${new Array(15).fill('?').join(', ')})`,
        [r.id, r.requesterId, r.targetId, r.reason, message, r.status, answer, bit(r.suppressed), r.locale, r.createdAt.getTime(), r.updatedAt.getTime(), r.expiresAt?.getTime() ?? null, r.reviewedBy, r.hrNote, 1],
      );
      return { ...r, version: 1 };
    }
    const changed = await this.sql.run(
      `update contact_requests set status = ?, answer_enc = ?, suppressed = ?, updated_at = ?, expires_at = ?, reviewed_by = ?, hr_note = ?,
         version = version + 1 where id = ? and version = ?`,
      [...values, r.id, r.version],
    );
    if (changed !== 1) throw new ContactConflictError();
    return { ...r, version: r.version + 1 };
  }

  async listByRequester(requesterId: string, limit: number): Promise<ContactRequest[]> {
    const rows = await this.sql.all(`select ${COLUMNS} from contact_requests where requester_id = ? order by created_at desc, id desc limit ?`, [requesterId, limit]);
    return rows.map((r) => this.toRequest(r));
  }

  async listByStatus(status: ContactStatus, limit: number): Promise<ContactRequest[]> {
    const rows = await this.sql.all(`select ${COLUMNS} from contact_requests where status = ? order by created_at, id limit ?`, [status, limit]);
    return rows.map((r) => this.toRequest(r));
  }

  async countOpenByRequester(requesterId: string): Promise<number> {
    const row = await this.sql.get(`select count(*) as n from contact_requests where requester_id = ? and status in ${OPEN}`, [requesterId]);
    return num(row?.n ?? 0);
  }

  async findOpen(requesterId: string, targetId: string): Promise<ContactRequest | null> {
    const row = await this.sql.get(`select ${COLUMNS} from contact_requests where requester_id = ? and target_id = ? and status in ${OPEN}`, [requesterId, targetId]);
    return row ? this.toRequest(row) : null;
  }

  async lastNeutralEndingSince(requesterId: string, targetId: string, since: Date): Promise<Date | null> {
    const row = await this.sql.get(
      `select max(updated_at) as at from contact_requests where requester_id = ? and target_id = ? and status in ${NEUTRAL} and updated_at >= ?`,
      [requesterId, targetId, since.getTime()],
    );
    return row?.at === null || row?.at === undefined ? null : new Date(num(row.at));
  }

  async listExpired(now: Date, limit: number): Promise<ContactRequest[]> {
    const rows = await this.sql.all(
      `select ${COLUMNS} from contact_requests where status = 'awaiting_consent' and expires_at <= ? order by expires_at, id limit ?`,
      [now.getTime(), limit],
    );
    return rows.map((r) => this.toRequest(r));
  }

  private toRequest(row: Row): ContactRequest {
    const id = String(row.id);
    const answer = row.answer_enc === null || row.answer_enc === undefined ? null : (JSON.parse(this.cipher.open('contact_requests', 'answer', id, bytes(row.answer_enc))) as ContactAnswer);
    return {
      id,
      requesterId: String(row.requester_id),
      targetId: String(row.target_id),
      reason: String(row.reason) as ContactReason,
      message: this.cipher.open('contact_requests', 'message', id, bytes(row.message_enc)),
      status: String(row.status) as ContactStatus,
      answer,
      suppressed: bool(row.suppressed),
      locale: String(row.locale) as Locale,
      createdAt: new Date(num(row.created_at)),
      updatedAt: new Date(num(row.updated_at)),
      expiresAt: row.expires_at === null || row.expires_at === undefined ? null : new Date(num(row.expires_at)),
      reviewedBy: strOrNull(row.reviewed_by),
      hrNote: strOrNull(row.hr_note),
      version: num(row.version),
    };
  }
}
