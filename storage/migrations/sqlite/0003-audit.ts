import { Migration } from '@mikro-orm/migrations';
import { GENESIS_HASH } from '../../../core/audit/chain.js';

/**
 * The access log: a hash chain in `access_log` (seq is the rowid, so keyset scans are free),
 * its head in a single row, a field side table for the field filter, and two contentless FTS5
 * indexes over justifications — trigram for keywords of 3+ characters and short grams
 * (single characters and pairs, hex-encoded by the append path) for 1–2 character keywords
 * such as 欠钱, which the trigram tokenizer cannot match.
 */
export class Migration0003Audit extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table access_log (
      seq integer primary key,
      at integer not null,
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
      hash text not null
    )`);
    this.addSql(`create table access_log_head (
      id integer primary key check (id = 1),
      seq integer not null,
      hash text not null,
      anchor_seq integer not null,
      anchor_hash text not null
    )`);
    this.addSql(`insert into access_log_head (id, seq, hash, anchor_seq, anchor_hash) values (1, 0, '${GENESIS_HASH}', 0, '${GENESIS_HASH}')`);
    for (const col of ['subject_id', 'actor_id', 'purpose', 'outcome', 'channel'])
      this.addSql(`create index access_log_${col}_seq on access_log (${col}, seq)`);
    this.addSql('create index access_log_at on access_log (at)');
    this.addSql('create table access_log_fields (field text not null, seq integer not null, primary key (field, seq)) without rowid');
    this.addSql(`create trigger access_log_fields_ai after insert on access_log begin
      insert or ignore into access_log_fields (field, seq) select value, new.seq from json_each(new.fields);
    end`);
    this.addSql(
      `create virtual table access_log_trigram using fts5(justification, content='', contentless_delete=1, detail='none', tokenize='trigram')`,
    );
    this.addSql(`create trigger access_log_trigram_ai after insert on access_log when new.justification is not null begin
      insert into access_log_trigram (rowid, justification) values (new.seq, new.justification);
    end`);
    this.addSql(`create virtual table access_log_grams using fts5(grams, content='', contentless_delete=1, detail='none', tokenize='ascii')`);
  }
}
