import type { Outbox, OutboundNotification } from '../messaging/notification.js';
import { clone, type Snapshottable } from './snapshottable.js';

/** The outbox in memory. A dedupe key is enqueued once; a repeat is ignored, as on delivery. */
export class InMemoryOutbox implements Outbox, Snapshottable {
  private rows: OutboundNotification[] = [];

  get messages(): readonly OutboundNotification[] {
    return this.rows;
  }

  async enqueue(notification: OutboundNotification): Promise<void> {
    if (this.rows.some((m) => m.dedupeKey === notification.dedupeKey)) return;
    this.rows.push(clone(notification));
  }

  snapshot(): unknown {
    return clone(this.rows);
  }

  restore(snapshot: unknown): void {
    this.rows = snapshot as OutboundNotification[];
  }
}
