import { Migration } from '@mikro-orm/migrations';

/**
 * Employee records: departments, employees (public/internal columns only), the encrypted vault
 * (field_values under per-employee, per-scope data keys), catalog versions and access grants.
 * Instants are timestamptz; dates are YYYY-MM-DD text.
 */
export class Migration0002Records extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table departments (
      id text primary key,
      name text not null,
      parent_id text references departments(id) deferrable initially deferred,
      path text not null unique,
      head_employee_id text
    )`);
    this.addSql(`create table employees (
      id text primary key,
      employee_no text not null unique,
      name text not null,
      dingtalk_user_id text unique,
      department_id text not null references departments(id) deferrable initially deferred,
      manager_id text references employees(id) deferrable initially deferred,
      title text not null default '',
      work_email text,
      work_phone text,
      status text not null,
      roles text not null,
      hire_date text,
      contract_type text,
      contract_end text,
      resignation_date text,
      last_day text,
      reason_category text,
      handover_status text not null default 'not_started',
      post_departure_channel text not null default 'none',
      relay_opt_in boolean not null default false,
      departed_at timestamptz,
      final_pay_date text,
      legal_hold boolean not null default false,
      anonymised_at timestamptz,
      locale text,
      version integer not null
    )`);
    this.addSql('create index employees_department_idx on employees (department_id)');
    this.addSql('create index employees_manager_idx on employees (manager_id)');
    this.addSql('create index employees_status_idx on employees (status)');
    this.addSql(`create table data_keys (
      id text primary key,
      employee_id text not null references employees(id),
      scope text not null,
      kek_id text not null,
      wrapped_key bytea not null,
      created_at timestamptz not null,
      unique (employee_id, scope)
    )`);
    this.addSql(`create table field_values (
      employee_id text not null references employees(id),
      field text not null,
      data_key_id text not null references data_keys(id),
      ciphertext bytea not null,
      updated_at timestamptz not null,
      primary key (employee_id, field)
    )`);
    // Which fields were crypto-shredded, so a read says 'erased' rather than 'empty'. No key material.
    this.addSql(`create table vault_erasures (
      employee_id text not null,
      field text not null,
      scope text not null,
      erased_at timestamptz not null,
      primary key (employee_id, field)
    )`);
    this.addSql(`create table catalog_versions (
      version integer primary key,
      document text not null,
      updated_by text,
      updated_at timestamptz not null
    )`);
    this.addSql(`create table access_grants (
      id text primary key,
      actor_id text not null,
      subject_id text not null,
      fields text not null,
      purpose text not null,
      created_at timestamptz not null,
      expires_at timestamptz not null
    )`);
    this.addSql('create index access_grants_actor_idx on access_grants (actor_id, created_at)');
    this.addSql(`create table pending_approvals (
      id text primary key,
      requester_id text not null,
      subject_id text not null,
      fields text not null,
      purpose text not null,
      justification text not null,
      reference text not null,
      created_at timestamptz not null,
      status text not null,
      decided_by text,
      decided_at timestamptz
    )`);
    this.addSql('create index pending_approvals_status_idx on pending_approvals (status, created_at)');
    this.addSql(`create table review_tasks (
      id text primary key,
      grant_id text not null,
      actor_id text not null,
      subject_id text not null,
      created_at timestamptz not null,
      status text not null,
      reviewed_by text,
      outcome text
    )`);
    this.addSql('create index review_tasks_status_idx on review_tasks (status, created_at)');
  }
}
