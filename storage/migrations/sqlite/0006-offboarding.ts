import { Migration } from '@mikro-orm/migrations';

/**
 * Offboarding cases (approvals, checklist and card answers as a JSON document: ids, dates and
 * choices, never a personal value), correction requests, privacy notices and the append-only
 * consent history.
 */
export class Migration0006Offboarding extends Migration {
  override async up(): Promise<void> {
    // Erasure by data key (the purge, vault.eraseScope) and the foreign-key check on deleting a
    // data key look up field_values by data_key_id; without this index each is a full scan.
    this.addSql('create index field_values_data_key_idx on field_values (data_key_id)');
    this.addSql(`create table offboarding_cases (
      id text primary key,
      employee_id text not null references employees(id),
      status text not null,
      last_day text not null,
      filed_at text not null,
      document text not null,
      version integer not null
    )`);
    this.addSql('create index offboarding_cases_employee_idx on offboarding_cases (employee_id, filed_at)');
    this.addSql('create index offboarding_cases_due_idx on offboarding_cases (status, last_day)');
    this.addSql(`create table correction_requests (
      id text primary key,
      employee_id text not null references employees(id),
      field text not null,
      note text not null,
      status text not null,
      requested_at text not null,
      decided_by text,
      decided_at text
    )`);
    this.addSql('create index correction_requests_employee_idx on correction_requests (employee_id, requested_at)');
    this.addSql('create index correction_requests_status_idx on correction_requests (status, requested_at)');
    this.addSql(`create table privacy_notices (
      version integer primary key,
      text_zh text not null,
      text_en text not null,
      published_at text not null,
      published_by text
    )`);
    this.addSql(`create table consent_records (
      id text primary key,
      employee_id text not null references employees(id),
      purpose text not null,
      granted integer not null,
      notice_version integer not null,
      at text not null,
      channel text not null,
      actor_id text
    )`);
    this.addSql('create index consent_records_employee_idx on consent_records (employee_id, at)');
  }
}
