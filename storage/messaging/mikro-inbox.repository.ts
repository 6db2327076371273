import type { EntityManager } from '@mikro-orm/knex';
import type { InboxMaintenance, InboxQueue, InboxRow } from '../../core/messaging/inbox.port.js';
import type { Database, Driver } from '../database.js';
import { num, sql } from './sql.js';

/**
 * The inbox inside the worker's transaction. On PostgreSQL the claimed row is locked with
 * SKIP LOCKED so several instances share the work; SQLite has a single writer, and the claim
 * is an UPDATE, so the transaction holds the write lock from its first statement.
 */
export class MikroInboxQueue implements InboxQueue {
  constructor(
    private readonly em: EntityManager,
    private readonly driver: Driver,
  ) {}

  async claimNext(now: Date): Promise<InboxRow | null> {
    const lock = this.driver === 'postgresql' ? 'for update skip locked' : '';
    // Touching the row first (a no-op update) takes the write lock before any read on SQLite.
    const rows = await sql<Record<string, unknown>[]>(
      this.em,
      `update messaging_inbox set attempts = attempts
        where id = (select id from messaging_inbox
                     where status = 'pending' and next_attempt_at <= ?
                     order by id limit 1 ${lock})
        returning id, msg_id, transport, received_at, payload, attempts`,
      [now.getTime()],
    );
    const r = rows[0];
    if (!r) return null;
    return {
      id: num(r.id),
      msgId: String(r.msg_id),
      transport: r.transport === 'stream' ? 'stream' : 'http',
      receivedAt: num(r.received_at),
      payload: String(r.payload),
      attempts: num(r.attempts),
    };
  }

  async markProcessed(id: number, at: Date): Promise<void> {
    // The chat text is no longer needed; msg_id stays for dedupe until the retention purge.
    await sql(
      this.em,
      `update messaging_inbox set status = 'processed', processed_at = ?, payload = '', attempts = attempts + 1 where id = ?`,
      [at.getTime(), id],
      'run',
    );
  }
}

export class MikroInboxMaintenance implements InboxMaintenance {
  constructor(private readonly db: Database) {}

  async recordFailure(id: number, errorCode: string, nextAttemptAt: Date | null, at: Date): Promise<void> {
    if (nextAttemptAt)
      await sql(
        this.db.fork(),
        `update messaging_inbox set attempts = attempts + 1, last_error = ?, next_attempt_at = ? where id = ? and status = 'pending'`,
        [errorCode, nextAttemptAt.getTime(), id],
        'run',
      );
    else
      await sql(
        this.db.fork(),
        `update messaging_inbox set attempts = attempts + 1, last_error = ?, status = 'dead', processed_at = ?, payload = ''
          where id = ? and status = 'pending'`,
        [errorCode, at.getTime(), id],
        'run',
      );
  }

  async purgeBefore(before: Date): Promise<number> {
    const rows = await sql<unknown[]>(
      this.db.fork(),
      `delete from messaging_inbox where status in ('processed', 'dead') and processed_at < ? returning id`,
      [before.getTime()],
    );
    return rows.length;
  }

  async countByStatus(): Promise<Record<string, number>> {
    const rows = await sql<Array<{ status: string; n: unknown }>>(
      this.db.fork(),
      'select status, count(*) as n from messaging_inbox group by status',
    );
    return Object.fromEntries(rows.map((r) => [r.status, num(r.n)]));
  }
}
