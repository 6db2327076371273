import type { Database } from '../database.js';

/**
 * After an erasure, moves the WAL into the main file and truncates it, so deleted pages
 * (zeroed by secure_delete) do not linger in `-wal`. A no-op on PostgreSQL.
 */
export async function compactSqlite(db: Database): Promise<void> {
  if (db.driver !== 'sqlite') return;
  await db.fork().getConnection().execute('pragma wal_checkpoint(TRUNCATE)');
}
