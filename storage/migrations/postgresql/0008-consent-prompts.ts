import { Migration } from '@mikro-orm/migrations';

/**
 * Consent prompts: who was asked about which notice version (never twice), and the rollout of a
 * newly published version, which the prompt job works through in batches.
 */
export class Migration0008ConsentPrompts extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table consent_prompts (
      employee_id text not null references employees(id),
      notice_version integer not null references privacy_notices(version),
      cause text not null,
      prompted_at timestamptz not null,
      primary key (employee_id, notice_version)
    )`);
    this.addSql('create index consent_prompts_version_idx on consent_prompts (notice_version)');
    this.addSql(`create table consent_rollouts (
      notice_version integer primary key references privacy_notices(version),
      started_at timestamptz not null,
      finished_at timestamptz
    )`);
  }
}
