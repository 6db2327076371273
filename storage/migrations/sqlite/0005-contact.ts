import { Migration } from '@mikro-orm/migrations';

/**
 * Contact requests. Times are epoch milliseconds. The requester's message, the former employee's
 * answer and chat drafts are AES-256-GCM sealed (storage/contact/contact-cipher.ts); links keep
 * only the SHA-256 of their nonce. One open request per (requester, target) is a partial unique index.
 */
export class Migration0005Contact extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table contact_requests (
      id text primary key,
      requester_id text not null,
      target_id text not null,
      reason text not null,
      message_enc blob not null,
      status text not null,
      answer_enc blob,
      suppressed integer not null default 0,
      locale text not null,
      created_at integer not null,
      updated_at integer not null,
      expires_at integer,
      reviewed_by text,
      hr_note text,
      version integer not null
    )`);
    this.addSql('create index contact_requests_requester on contact_requests (requester_id, created_at)');
    this.addSql('create index contact_requests_status on contact_requests (status, expires_at)');
    this.addSql('create index contact_requests_pair on contact_requests (requester_id, target_id, status)');
    this.addSql(
      "create unique index contact_requests_open_pair on contact_requests (requester_id, target_id) where status in ('submitted', 'hr_review', 'awaiting_consent')",
    );
    this.addSql(`create table contact_links (
      nonce_hash text primary key,
      request_id text not null,
      purpose text not null,
      expires_at integer not null,
      used_at integer
    )`);
    this.addSql('create index contact_links_request on contact_links (request_id)');
    this.addSql(`create table contact_blocks (
      target_id text not null,
      requester_id text not null,
      created_at integer not null,
      primary key (target_id, requester_id)
    )`);
    this.addSql(`create table contact_lookups (
      id integer primary key autoincrement,
      requester_id text not null,
      at integer not null
    )`);
    this.addSql('create index contact_lookups_requester on contact_lookups (requester_id, at)');
    this.addSql(`create table contact_drafts (
      owner_id text primary key,
      kind text not null,
      target_id text,
      request_id text,
      reason text,
      message_enc blob,
      expires_at integer not null
    )`);
  }
}
