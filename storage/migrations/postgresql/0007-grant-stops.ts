import { Migration } from '@mikro-orm/migrations';

/** Break-glass grants get a stop instant: the access log records when each emergency access ended. */
export class Migration0007GrantStops extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table access_grants add column stopped_at timestamptz');
    this.addSql('create index access_grants_open_idx on access_grants (expires_at) where stopped_at is null');
  }
}
