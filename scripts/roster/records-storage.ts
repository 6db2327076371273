import type { Config } from '../app/config.js';
import { Database } from '../../storage/database.js';
import type { KeyRing } from '../../storage/crypto/key-ring.js';
import { keyRingFor } from '../app/modules/offboarding.module.js';
import { RandomIds, SystemClock } from '../../storage/system.js';
import type { StorageContext } from '../../storage/unit-of-work.js';

/** Opens and migrates the configured database, with the key ring from config (CLI commands). */
export async function openRecordsStorage(config: Config): Promise<StorageContext> {
  // Bulk commands (import, purge) write steadily: checkpoints go to a worker thread as in the server.
  const db = await Database.open({ driver: config.database.driver, url: config.database.url, checkpointInBackground: true });
  try {
    await db.migrate();
  } catch (e) {
    await db.close();
    throw e;
  }
  return { db, clock: new SystemClock(), ids: new RandomIds(), keyring: keyRingFrom(config) };
}

/** The same shreddable ring as the server (a plain ring cannot open keys that have a shred secret). */
export const keyRingFrom = (config: Pick<Config, 'masterKey' | 'retiredMasterKeys' | 'shredKeysFile'>): KeyRing => keyRingFor(config);
