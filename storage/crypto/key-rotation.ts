import type { Database } from '../database.js';
import { Sql, num } from '../records/sql.js';
import { toDataKeyRow } from '../records/vault-keys.js';
import { IntegrityError } from './aes-gcm.js';
import type { KeyRing } from './key-ring.js';

export interface RotationProgress {
  readonly rewrapped: number;
  readonly remaining: number;
}

export interface RotationResult {
  readonly rewrapped: number;
  /** Data keys still wrapped under a kek other than the current one (0 when rotation converged). */
  readonly leftUnderRetired: number;
  /** Ids of wrapped keys that failed authentication (altered in the database); left as they are. */
  readonly unreadable: readonly string[];
}

/** How many data keys each master key (by kek id) wraps. */
export async function dataKeysPerKek(db: Database): Promise<Map<string, number>> {
  const sql = new Sql(db.fork(), db.driver);
  const rows = await sql.all('select kek_id, count(*) as n from data_keys group by kek_id order by kek_id');
  return new Map(rows.map((r) => [String(r.kek_id), num(r.n)]));
}

/**
 * Re-wraps every data key not under the ring's current master key. Each batch is its own short
 * transaction, so a running server (holding old and new keys in its ring) keeps reading and
 * writing throughout. Only the wrapping changes; field ciphertexts are untouched.
 */
export async function rotateMasterKey(
  db: Database,
  keyring: KeyRing,
  options: { readonly batchSize?: number; readonly onProgress?: (p: RotationProgress) => void } = {},
): Promise<RotationResult> {
  const batchSize = options.batchSize ?? 500;
  const current = keyring.currentKekId;
  const remaining = async () => {
    const row = await new Sql(db.fork(), db.driver).get('select count(*) as n from data_keys where kek_id <> ?', [current]);
    return num(row?.n ?? 0);
  };
  let rewrapped = 0;
  let afterId = '';
  const unreadable: string[] = [];
  for (;;) {
    const done = await db.fork().transactional(async (em) => {
      const sql = new Sql(em, db.driver);
      const rows = (
        await sql.all('select * from data_keys where kek_id <> ? and id > ? order by id limit ?', [current, afterId, batchSize])
      ).map(toDataKeyRow);
      for (const row of rows) {
        // Unwrap under whichever ring key wrapped it; an unknown kek stops the rotation loudly,
        // an altered wrapped key is reported and skipped (nobody can unwrap it any more).
        let key: Buffer;
        try {
          key = keyring.unwrap(row.kekId, row.wrapped, { dataKeyId: row.id, employeeId: row.employeeId, scope: row.scope });
        } catch (e) {
          if (!(e instanceof IntegrityError)) throw e;
          unreadable.push(row.id);
          continue;
        }
        const next = keyring.wrap(key, { dataKeyId: row.id, employeeId: row.employeeId, scope: row.scope });
        key.fill(0);
        // Guarded on the old kek: a concurrent erase or rotation wins and this update is a no-op.
        rewrapped += await sql.run('update data_keys set kek_id = ?, wrapped_key = ? where id = ? and kek_id = ?', [
          next.kekId,
          next.wrapped,
          row.id,
          row.kekId,
        ]);
      }
      if (rows.length) afterId = rows[rows.length - 1]!.id;
      return rows.length < batchSize;
    });
    options.onProgress?.({ rewrapped, remaining: await remaining() });
    if (done) break;
  }
  return { rewrapped, leftUnderRetired: await remaining(), unreadable };
}
