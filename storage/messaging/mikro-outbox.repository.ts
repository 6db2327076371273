import type { EntityManager } from '@mikro-orm/knex';
import type { Outbox, OutboundNotification, Recipient } from '../../core/messaging/notification.js';
import type { StorageContext } from '../unit-of-work.js';
import { sql } from './sql.js';

export const recipientId = (r: Recipient): string => (r.kind === 'messenger_user' ? r.userId : r.employeeId);

/**
 * Core's outbox, bound to the caller's transaction: a message exists iff the state change that
 * caused it committed. A second enqueue with the same dedupe key is a no-op.
 */
export class MikroOutbox implements Outbox {
  constructor(
    private readonly em: EntityManager,
    private readonly ctx: Pick<StorageContext, 'clock'>,
  ) {}

  async enqueue(n: OutboundNotification): Promise<void> {
    const now = this.ctx.clock.now().getTime();
    await sql(
      this.em,
      `insert into messaging_outbox
         (dedupe_key, recipient_kind, recipient_id, template, payload, status, attempts, next_attempt_at, created_at)
       values (?, ?, ?, ?, ?, 'pending', 0, ?, ?)
       on conflict (dedupe_key) do nothing`,
      [n.dedupeKey, n.recipient.kind, recipientId(n.recipient), n.template, JSON.stringify(n), now, now],
      'run',
    );
  }
}

/** Matches `RepositoryFactories['outbox']` (storage/unit-of-work.ts). */
export const outboxFactory = (em: EntityManager, ctx: StorageContext): Outbox => new MikroOutbox(em, ctx);
