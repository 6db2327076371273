import type { OutboxItem, OutboxQueue, DeadLetter } from '../../core/messaging/outbox-queue.port.js';
import type { OutboundNotification } from '../../core/messaging/notification.js';
import type { Database } from '../database.js';
import { num, sql } from './sql.js';

interface OutboxRecord {
  id: unknown;
  payload: string;
  attempts: unknown;
  created_at: unknown;
}

/**
 * The outbox's delivery side. Items are leased rather than locked, because delivery is a
 * network call that must not hold a transaction open; an expired lease makes an item due again.
 */
export class MikroOutboxQueue implements OutboxQueue {
  constructor(private readonly db: Database) {}

  async claimDue(now: Date, limit: number, leaseMs: number): Promise<OutboxItem[]> {
    const t = now.getTime();
    const lock = this.db.driver === 'postgresql' ? 'for update skip locked' : '';
    const rows = await sql<OutboxRecord[]>(
      this.db.fork(),
      `update messaging_outbox set next_attempt_at = ?
        where id in (select id from messaging_outbox
                      where status = 'pending' and next_attempt_at <= ?
                      order by next_attempt_at, id limit ? ${lock})
        returning id, payload, attempts, created_at`,
      [t + leaseMs, t, limit],
    );
    return rows
      .map((r) => ({
        id: num(r.id),
        notification: JSON.parse(r.payload) as OutboundNotification,
        attempts: num(r.attempts),
        createdAt: new Date(num(r.created_at)),
      }))
      .sort((a, b) => a.id - b.id);
  }

  async markDelivered(id: number, at: Date): Promise<void> {
    await sql(
      this.db.fork(),
      `update messaging_outbox set status = 'delivered', delivered_at = ?, attempts = attempts + 1, last_error = null where id = ?`,
      [at.getTime(), id],
      'run',
    );
  }

  async retryLater(id: number, nextAttemptAt: Date, errorCode: string, countAttempt: boolean): Promise<void> {
    await sql(
      this.db.fork(),
      `update messaging_outbox set next_attempt_at = ?, last_error = ?, attempts = attempts + ? where id = ? and status = 'pending'`,
      [nextAttemptAt.getTime(), errorCode, countAttempt ? 1 : 0, id],
      'run',
    );
  }

  async markDead(id: number, at: Date, errorCode: string): Promise<void> {
    await sql(
      this.db.fork(),
      `update messaging_outbox set status = 'dead', dead_at = ?, last_error = ?, attempts = attempts + 1 where id = ?`,
      [at.getTime(), errorCode, id],
      'run',
    );
  }

  async listDead(limit: number): Promise<DeadLetter[]> {
    const rows = await sql<Record<string, unknown>[]>(
      this.db.fork(),
      `select id, dedupe_key, recipient_kind, template, attempts, last_error, created_at, dead_at
         from messaging_outbox where status = 'dead' order by dead_at desc, id desc limit ?`,
      [limit],
    );
    return rows.map((r) => ({
      id: num(r.id),
      dedupeKey: String(r.dedupe_key),
      recipientKind: String(r.recipient_kind),
      template: String(r.template),
      attempts: num(r.attempts),
      lastError: r.last_error === null ? null : String(r.last_error),
      createdAt: new Date(num(r.created_at)),
      deadAt: new Date(num(r.dead_at)),
    }));
  }

  async retryDead(id: number, now: Date): Promise<boolean> {
    const rows = await sql<unknown[]>(
      this.db.fork(),
      `update messaging_outbox set status = 'pending', attempts = 0, dead_at = null, next_attempt_at = ?
        where id = ? and status = 'dead' returning id`,
      [now.getTime(), id],
    );
    return rows.length === 1;
  }

  async nextDueAt(): Promise<number | null> {
    const rows = await sql<Array<{ due: unknown }>>(
      this.db.fork(),
      `select min(next_attempt_at) as due from messaging_outbox where status = 'pending'`,
    );
    const due = rows[0]?.due;
    return due === null || due === undefined ? null : num(due);
  }
}
