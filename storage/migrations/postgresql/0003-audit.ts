import { Migration } from '@mikro-orm/migrations';
import { GENESIS_HASH } from '../../../core/audit/chain.js';

/**
 * The access log: a hash chain in `access_log`, its head in a single row (locked by every
 * append), a field side table for the field filter, a pg_trgm GIN index for keywords of 3+
 * characters and a GIN index over short grams (single characters and pairs) for 1–2
 * character keywords such as 欠钱, which trigrams cannot match.
 */
export class Migration0003Audit extends Migration {
  override async up(): Promise<void> {
    this.addSql('create extension if not exists pg_trgm');
    this.addSql(`create table access_log (
      seq bigint primary key,
      at timestamptz(3) not null,
      actor_id text,
      actor_role text,
      subject_id text,
      action text not null,
      fields text not null,
      purpose text,
      justification text,
      outcome text not null,
      reason_code text not null,
      channel text not null,
      correlation_id text,
      hash text not null,
      short_grams text[] not null default '{}'
    )`);
    this.addSql(`create table access_log_head (
      id smallint primary key check (id = 1),
      seq bigint not null,
      hash text not null,
      anchor_seq bigint not null,
      anchor_hash text not null
    )`);
    this.addSql(`insert into access_log_head (id, seq, hash, anchor_seq, anchor_hash) values (1, 0, '${GENESIS_HASH}', 0, '${GENESIS_HASH}')`);
    for (const col of ['subject_id', 'actor_id', 'purpose', 'outcome', 'channel'])
      this.addSql(`create index access_log_${col}_seq on access_log (${col}, seq)`);
    this.addSql('create index access_log_at on access_log (at)');
    this.addSql('create index access_log_justification_trgm on access_log using gin (justification gin_trgm_ops)');
    this.addSql('create index access_log_short_grams on access_log using gin (short_grams)');
    this.addSql('create table access_log_fields (field text not null, seq bigint not null, primary key (field, seq))');
    this.addSql(`create function access_log_fields_sync() returns trigger language plpgsql as $$
      begin
        insert into access_log_fields (field, seq)
          select distinct f, new.seq from jsonb_array_elements_text(new.fields::jsonb) as f
          on conflict do nothing;
        return null;
      end $$`);
    this.addSql(`create trigger access_log_fields_ai after insert on access_log for each row execute function access_log_fields_sync()`);
  }
}
