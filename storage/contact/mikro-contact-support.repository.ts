import type { ContactReason } from '../../core/contact/contact-request.js';
import type {
  ContactBlocks,
  ContactDraft,
  ContactDrafts,
  ContactLinkRecord,
  ContactLinks,
  ContactLookups,
  LinkPurpose,
} from '../../core/contact/contact-store.port.js';
import { bytes, num, strOrNull, type Sql } from '../records/sql.js';
import type { ContactCipher } from './contact-cipher.js';

export class MikroContactLinks implements ContactLinks {
  constructor(private readonly sql: Sql) {}

  async add(link: Omit<ContactLinkRecord, 'usedAt'>): Promise<void> {
    await this.sql.run('insert into contact_links (nonce_hash, request_id, purpose, expires_at, used_at) values (?, ?, ?, ?, null)', [
      link.nonceHash,
      link.requestId,
      link.purpose,
      link.expiresAt.getTime(),
    ]);
  }

  async get(nonceHash: string): Promise<ContactLinkRecord | null> {
    const row = await this.sql.get('select nonce_hash, request_id, purpose, expires_at, used_at from contact_links where nonce_hash = ?', [nonceHash]);
    if (!row) return null;
    return {
      nonceHash: String(row.nonce_hash),
      requestId: String(row.request_id),
      purpose: String(row.purpose) as LinkPurpose,
      expiresAt: new Date(num(row.expires_at)),
      usedAt: row.used_at === null || row.used_at === undefined ? null : new Date(num(row.used_at)),
    };
  }

  /** One conditional update: of two concurrent answers only one changes the row. */
  async consume(nonceHash: string, at: Date): Promise<boolean> {
    return (await this.sql.run('update contact_links set used_at = ? where nonce_hash = ? and used_at is null', [at.getTime(), nonceHash])) === 1;
  }
}

export class MikroContactBlocks implements ContactBlocks {
  constructor(private readonly sql: Sql) {}

  async add(targetId: string, requesterId: string, at: Date): Promise<void> {
    await this.sql.run('insert into contact_blocks (target_id, requester_id, created_at) values (?, ?, ?) on conflict do nothing', [targetId, requesterId, at.getTime()]);
  }

  async isBlocked(targetId: string, requesterId: string): Promise<boolean> {
    return (await this.sql.get('select 1 as b from contact_blocks where target_id = ? and requester_id = ?', [targetId, requesterId])) !== undefined;
  }
}

export class MikroContactLookups implements ContactLookups {
  constructor(private readonly sql: Sql) {}

  async record(requesterId: string, at: Date): Promise<void> {
    // Rows older than a day are useless to an hourly limit: trimmed as we go.
    await this.sql.run('delete from contact_lookups where requester_id = ? and at < ?', [requesterId, at.getTime() - 24 * 60 * 60 * 1000]);
    await this.sql.run('insert into contact_lookups (requester_id, at) values (?, ?)', [requesterId, at.getTime()]);
  }

  async countSince(requesterId: string, since: Date): Promise<number> {
    const row = await this.sql.get('select count(*) as n from contact_lookups where requester_id = ? and at >= ?', [requesterId, since.getTime()]);
    return num(row?.n ?? 0);
  }
}

export class MikroContactDrafts implements ContactDrafts {
  constructor(
    private readonly sql: Sql,
    private readonly cipher: ContactCipher,
  ) {}

  async get(ownerId: string, now: Date): Promise<ContactDraft | null> {
    const row = await this.sql.get('select owner_id, kind, target_id, request_id, reason, message_enc, expires_at from contact_drafts where owner_id = ? and expires_at > ?', [
      ownerId,
      now.getTime(),
    ]);
    if (!row) return null;
    const expiresAt = new Date(num(row.expires_at));
    if (row.kind === 'hr_note') return { kind: 'hr_note', ownerId, requestId: String(row.request_id), expiresAt };
    const sealed = row.message_enc === null || row.message_enc === undefined ? null : bytes(row.message_enc);
    return {
      kind: 'compose',
      ownerId,
      targetId: String(row.target_id),
      reason: strOrNull(row.reason) as ContactReason | null,
      message: sealed ? this.cipher.open('contact_drafts', 'message', ownerId, sealed) : null,
      expiresAt,
    };
  }

  async put(d: ContactDraft): Promise<void> {
    const compose = d.kind === 'compose' ? d : null;
    const sealed = compose?.message ? this.cipher.seal('contact_drafts', 'message', d.ownerId, compose.message) : null;
    await this.clear(d.ownerId);
    await this.sql.run('insert into contact_drafts (owner_id, kind, target_id, request_id, reason, message_enc, expires_at) values (?, ?, ?, ?, ?, ?, ?)', [
      d.ownerId,
      d.kind,
      compose?.targetId ?? null,
      d.kind === 'hr_note' ? d.requestId : null,
      compose?.reason ?? null,
      sealed,
      d.expiresAt.getTime(),
    ]);
  }

  async clear(ownerId: string): Promise<void> {
    await this.sql.run('delete from contact_drafts where owner_id = ?', [ownerId]);
  }
}
