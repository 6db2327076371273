import type { InboundMessage, InboxWriter } from '../../../core/messaging/inbox.port.js';

/** The durable inbox's contract in memory: unique on msgId; `fail` simulates the database being down. */
export class MemoryInbox implements InboxWriter {
  readonly rows: InboundMessage[] = [];
  fail = false;
  async write(m: InboundMessage) {
    if (this.fail) throw new Error('database down');
    if (this.rows.some((r) => r.msgId === m.msgId)) return 'duplicate' as const;
    this.rows.push(m);
    return 'accepted' as const;
  }
}
