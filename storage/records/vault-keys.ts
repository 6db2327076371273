import type { Clock } from '../../core/shared/clock.port.js';
import type { KeyScope } from '../../core/records/field-catalog.js';
import type { KeyRing } from '../crypto/key-ring.js';
import { decryptField, encryptField } from '../crypto/field-cipher.js';
import { newDataKeyId } from './data-key-ids.js';
import { bytes, type Row } from './sql.js';

export interface DataKeyRow {
  readonly id: string;
  readonly employeeId: string;
  readonly scope: KeyScope;
  readonly kekId: string;
  readonly wrapped: Buffer;
}

export const toDataKeyRow = (r: Row): DataKeyRow => ({
  id: String(r.id),
  employeeId: String(r.employee_id),
  scope: String(r.scope) as KeyScope,
  kekId: String(r.kek_id),
  wrapped: bytes(r.wrapped_key),
});

/** Creating, unwrapping (through the ring's cache) and using data keys; shared by the vault and the import. */
export class VaultKeys {
  constructor(
    readonly keyring: KeyRing,
    private readonly clock: Clock,
  ) {}

  /** A new data key for (employee, scope) and the row that stores it wrapped. */
  create(employeeId: string, scope: KeyScope, cache = true): { row: DataKeyRow; key: Buffer; createdAt: string } {
    const id = newDataKeyId(this.clock.now());
    const key = this.keyring.newDataKey();
    const { kekId, wrapped } = this.keyring.wrap(key, { dataKeyId: id, employeeId, scope });
    if (cache) this.keyring.cache.set(id, key);
    return { row: { id, employeeId, scope, kekId, wrapped }, key, createdAt: this.clock.now().toISOString() };
  }

  /** Throws IntegrityError (altered wrapped key) or UnknownKekError (master key not configured). */
  unwrap(row: DataKeyRow): Buffer {
    const cached = this.keyring.cache.get(row.id);
    if (cached) return cached;
    const key = this.keyring.unwrap(row.kekId, row.wrapped, { dataKeyId: row.id, employeeId: row.employeeId, scope: row.scope });
    this.keyring.cache.set(row.id, key);
    return key;
  }

  seal(key: Buffer, dataKeyId: string, employeeId: string, field: string, value: unknown): Buffer {
    return encryptField(key, { employeeId, field, dataKeyId }, Buffer.from(JSON.stringify(value), 'utf8'));
  }

  open(key: Buffer, dataKeyId: string, employeeId: string, field: string, ciphertext: Buffer): unknown {
    const plain = decryptField(key, { employeeId, field, dataKeyId }, ciphertext);
    try {
      return JSON.parse(plain.toString('utf8'));
    } finally {
      plain.fill(0);
    }
  }
}
