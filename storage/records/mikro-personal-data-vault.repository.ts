import { KEY_SCOPES, fieldByKey, type FieldCatalog, type FieldValue, type KeyScope } from '../../core/records/field-catalog.js';
import type { PersonalDataVault, VaultRead } from '../../core/records/records.ports.js';
import type { Clock } from '../../core/shared/clock.port.js';
import { IntegrityError } from '../crypto/aes-gcm.js';
import { bytes, Sql } from './sql.js';
import { toDataKeyRow, type DataKeyRow, type VaultKeys } from './vault-keys.js';

/**
 * The encrypted vault: one `field_values` row per (employee, field), sealed with the data key
 * of the field's scope. A value that fails authentication is reported as 'tampered', never returned.
 */
export class MikroPersonalDataVault implements PersonalDataVault {
  constructor(
    private readonly sql: Sql,
    private readonly keys: VaultKeys,
    private readonly clock: Clock,
  ) {}

  async read(employeeId: string, fields: readonly string[]): Promise<Map<string, VaultRead>> {
    const out = new Map<string, VaultRead>();
    if (fields.length === 0) return out;
    const marks = Sql.marks(fields.length);
    const rows = await this.sql.all(
      `select f.field, f.ciphertext, f.data_key_id, k.id, k.employee_id, k.scope, k.kek_id, k.wrapped_key
       from field_values f left join data_keys k on k.id = f.data_key_id
       where f.employee_id = ? and f.field in (${marks})`,
      [employeeId, ...fields],
    );
    const erased = new Set(
      (await this.sql.all(`select field from vault_erasures where employee_id = ? and field in (${marks})`, [employeeId, ...fields])).map(
        (r) => String(r.field),
      ),
    );
    const byField = new Map(rows.map((r) => [String(r.field), r]));
    for (const field of fields) {
      const row = byField.get(field);
      if (!row) {
        out.set(field, { state: erased.has(field) ? 'erased' : 'empty' });
        continue;
      }
      if (row.id === null || row.id === undefined) {
        out.set(field, { state: 'tampered' });
        continue;
      }
      out.set(field, this.decrypt(toDataKeyRow(row), employeeId, field, bytes(row.ciphertext)));
    }
    return out;
  }

  private decrypt(key: DataKeyRow, employeeId: string, field: string, ciphertext: Buffer): VaultRead {
    try {
      const dek = this.keys.unwrap(key);
      return { state: 'value', value: this.keys.open(dek, key.id, employeeId, field, ciphertext) as FieldValue };
    } catch (e) {
      if (e instanceof IntegrityError) return { state: 'tampered' };
      throw e; // an unknown master key is a configuration error, not tampering
    }
  }

  async write(employeeId: string, values: ReadonlyMap<string, FieldValue | null>, catalog: FieldCatalog): Promise<void> {
    const now = this.clock.now().toISOString();
    const keysByScope = new Map<KeyScope, { row: DataKeyRow; key: Buffer }>();
    for (const [field, value] of values) {
      const def = fieldByKey(catalog, field);
      if (!def || def.storage !== 'vault') throw new Error(`${field} is not a vault field`);
      if (value === null) {
        await this.sql.run('delete from field_values where employee_id = ? and field = ?', [employeeId, field]);
        continue;
      }
      let dk = keysByScope.get(def.keyScope);
      if (!dk) {
        dk = await this.keyFor(employeeId, def.keyScope, now);
        keysByScope.set(def.keyScope, dk);
      }
      const ciphertext = this.keys.seal(dk.key, dk.row.id, employeeId, field, value);
      await this.sql.run(
        `insert into field_values (employee_id, field, data_key_id, ciphertext, updated_at) values (?, ?, ?, ?, ?)
         on conflict (employee_id, field) do update set data_key_id = excluded.data_key_id, ciphertext = excluded.ciphertext, updated_at = excluded.updated_at`,
        [employeeId, field, dk.row.id, ciphertext, now],
      );
      await this.sql.run('delete from vault_erasures where employee_id = ? and field = ?', [employeeId, field]);
    }
  }

  private async keyFor(employeeId: string, scope: KeyScope, now: string): Promise<{ row: DataKeyRow; key: Buffer }> {
    const existing = await this.sql.get('select * from data_keys where employee_id = ? and scope = ?', [employeeId, scope]);
    if (existing) {
      const row = toDataKeyRow(existing);
      return { row, key: this.keys.unwrap(row) };
    }
    const created = this.keys.create(employeeId, scope);
    await this.sql.run('insert into data_keys (id, employee_id, scope, kek_id, wrapped_key, created_at) values (?, ?, ?, ?, ?, ?)', [
      created.row.id,
      employeeId,
      scope,
      created.row.kekId,
      created.row.wrapped,
      now,
    ]);
    return created;
  }

  async eraseScope(employeeId: string, scope: KeyScope): Promise<{ readonly fieldsErased: number }> {
    const key = await this.sql.get<{ id: string }>('select id from data_keys where employee_id = ? and scope = ?', [employeeId, scope]);
    if (!key) return { fieldsErased: 0 };
    const byKey = 'employee_id = ? and data_key_id = ?'; // the primary key's prefix serves this
    const fields = (await this.sql.all(`select field from field_values where ${byKey}`, [employeeId, key.id])).map((r) => String(r.field));
    const now = this.clock.now().toISOString();
    await this.sql.run(`delete from field_values where ${byKey}`, [employeeId, key.id]);
    // DELETE, not a flag: without the wrapped key no copy of the ciphertext (free pages, WAL) can be
    // opened here again. Backups taken earlier still hold the wrapped key until the master key that
    // wrapped it is rotated away and destroyed.
    await this.sql.run('delete from data_keys where id = ?', [key.id]);
    for (const field of fields) {
      await this.sql.run(
        'insert into vault_erasures (employee_id, field, scope, erased_at) values (?, ?, ?, ?) on conflict (employee_id, field) do nothing',
        [employeeId, field, scope, now],
      );
    }
    this.keys.keyring.cache.forget(String(key.id));
    return { fieldsErased: fields.length };
  }

  async liveScopes(employeeId: string): Promise<KeyScope[]> {
    const rows = await this.sql.all('select scope from data_keys where employee_id = ?', [employeeId]);
    const live = new Set(rows.map((r) => String(r.scope)));
    return KEY_SCOPES.filter((s) => live.has(s));
  }
}
