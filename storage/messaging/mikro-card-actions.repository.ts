import type { EntityManager } from '@mikro-orm/knex';
import type { CardActionJournal, CardActionKey, CardActionStart } from '../../core/messaging/card-actions.port.js';
import { sql } from './sql.js';

/**
 * Card presses, in the transaction that runs them. The insert takes the unique key first, so a
 * concurrent duplicate waits for this transaction and then finds the stored answer.
 */
export class MikroCardActionJournal implements CardActionJournal {
  constructor(private readonly em: EntityManager) {}

  async begin(a: CardActionKey, at: Date): Promise<CardActionStart> {
    const inserted = await sql<unknown[]>(
      this.em,
      `insert into messaging_card_actions (action_key, out_track_id, user_id, action_id, created_at)
       values (?, ?, ?, ?, ?) on conflict (action_key) do nothing returning action_key`,
      [a.key, a.outTrackId, a.userId, a.actionId, at.getTime()],
    );
    if (inserted.length === 1) return { state: 'new' };
    const rows = await sql<Array<{ response: string | null }>>(
      this.em,
      'select response from messaging_card_actions where action_key = ?',
      [a.key],
    );
    return { state: 'done', response: rows[0]?.response ?? null };
  }

  async complete(key: string, response: string | null, at: Date): Promise<void> {
    await sql(
      this.em,
      'update messaging_card_actions set response = ?, completed_at = ? where action_key = ?',
      [response, at.getTime(), key],
      'run',
    );
  }
}
