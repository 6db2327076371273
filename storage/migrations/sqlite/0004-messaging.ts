import { Migration } from '@mikro-orm/migrations';

/**
 * The bot's durable queues. Times are epoch milliseconds (integers compare and index well on
 * both dialects). The inbox keeps msg_id for dedupe; its payload (chat text) is blanked once
 * processed and the row purged after the retention period.
 */
export class Migration0004Messaging extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table messaging_inbox (
      id integer primary key autoincrement,
      msg_id text not null unique,
      transport text not null,
      received_at integer not null,
      payload text not null,
      status text not null default 'pending',
      attempts integer not null default 0,
      next_attempt_at integer not null,
      processed_at integer,
      last_error text
    )`);
    this.addSql('create index messaging_inbox_due on messaging_inbox (status, next_attempt_at)');
    this.addSql(`create table messaging_outbox (
      id integer primary key autoincrement,
      dedupe_key text not null unique,
      recipient_kind text not null,
      recipient_id text not null,
      template text not null,
      payload text not null,
      status text not null default 'pending',
      attempts integer not null default 0,
      next_attempt_at integer not null,
      last_error text,
      created_at integer not null,
      delivered_at integer,
      dead_at integer
    )`);
    this.addSql('create index messaging_outbox_due on messaging_outbox (status, next_attempt_at)');
    this.addSql(`create table messaging_card_actions (
      action_key text primary key,
      out_track_id text not null,
      user_id text not null,
      action_id text not null,
      response text,
      created_at integer not null,
      completed_at integer
    )`);
  }
}
