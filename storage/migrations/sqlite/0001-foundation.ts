import { Migration } from '@mikro-orm/migrations';

/** Instance bookkeeping: which process runs which job, and when it last ran. */
export class Migration0001Foundation extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table job_runs (
      job text not null,
      tick text not null,
      instance_id text not null,
      started_at text not null,
      finished_at text,
      primary key (job, tick)
    )`);
  }
}
