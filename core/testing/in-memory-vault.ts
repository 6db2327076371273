import { fieldByKey } from '../records/field-catalog.js';
import type { FieldCatalog, FieldValue, KeyScope } from '../records/field-catalog.js';
import type { PersonalDataVault, VaultRead } from '../records/records.ports.js';
import { clone, type Snapshottable } from './snapshottable.js';

interface Cell {
  readonly scope: KeyScope;
  readonly value: FieldValue;
  readonly tampered: boolean;
}

interface State {
  cells: [string, [string, Cell][]][];
  keys: [string, KeyScope[]][];
  erased: [string, string[]][];
}

/**
 * The vault with plaintext kept in memory (tests only). It honours the port's states: a value,
 * empty, erased (its scope's key was destroyed) and tampered (see `tamper`).
 */
export class InMemoryVault implements PersonalDataVault, Snapshottable {
  private cells = new Map<string, Map<string, Cell>>();
  /** Live data keys per employee: created by the first write of a scope, destroyed by eraseScope. */
  private keys = new Map<string, Set<KeyScope>>();
  /** Fields whose value went with a destroyed key. */
  private erased = new Map<string, Set<string>>();
  /** How many times `read` ran (tests check that refused requests never touch the vault). */
  reads = 0;

  async read(employeeId: string, fields: readonly string[]): Promise<Map<string, VaultRead>> {
    this.reads += 1;
    const row = this.cells.get(employeeId);
    const gone = this.erased.get(employeeId);
    const out = new Map<string, VaultRead>();
    for (const field of fields) {
      const cell = row?.get(field);
      if (cell?.tampered) out.set(field, { state: 'tampered' });
      else if (cell) out.set(field, { state: 'value', value: clone(cell.value) });
      else if (gone?.has(field)) out.set(field, { state: 'erased' });
      else out.set(field, { state: 'empty' });
    }
    return out;
  }

  async write(employeeId: string, values: ReadonlyMap<string, FieldValue | null>, catalog: FieldCatalog): Promise<void> {
    const row = this.cells.get(employeeId) ?? new Map<string, Cell>();
    const keys = this.keys.get(employeeId) ?? new Set<KeyScope>();
    for (const [field, value] of values) {
      const def = fieldByKey(catalog, field);
      if (!def || def.storage !== 'vault') throw new Error(`not a vault field: ${field}`);
      this.erased.get(employeeId)?.delete(field);
      if (value === null) {
        row.delete(field);
        continue;
      }
      keys.add(def.keyScope);
      row.set(field, { scope: def.keyScope, value: clone(value), tampered: false });
    }
    this.cells.set(employeeId, row);
    this.keys.set(employeeId, keys);
  }

  async eraseScope(employeeId: string, scope: KeyScope): Promise<{ readonly fieldsErased: number }> {
    const row = this.cells.get(employeeId);
    const gone = this.erased.get(employeeId) ?? new Set<string>();
    let fieldsErased = 0;
    for (const [field, cell] of row ?? []) {
      if (cell.scope !== scope) continue;
      row?.delete(field);
      gone.add(field);
      fieldsErased += 1;
    }
    this.erased.set(employeeId, gone);
    this.keys.get(employeeId)?.delete(scope);
    return { fieldsErased };
  }

  async liveScopes(employeeId: string): Promise<KeyScope[]> {
    return [...(this.keys.get(employeeId) ?? [])].sort();
  }

  /** Simulates an edited ciphertext: the next read reports `tampered` for this field. */
  tamper(employeeId: string, field: string): void {
    const cell = this.cells.get(employeeId)?.get(field);
    if (!cell) throw new Error(`no value to tamper with: ${employeeId}/${field}`);
    this.cells.get(employeeId)?.set(field, { ...cell, tampered: true });
  }

  snapshot(): unknown {
    const state: State = {
      cells: [...this.cells].map(([id, row]) => [id, [...row]]),
      keys: [...this.keys].map(([id, s]) => [id, [...s]]),
      erased: [...this.erased].map(([id, s]) => [id, [...s]]),
    };
    return clone(state);
  }

  restore(snapshot: unknown): void {
    const s = snapshot as State;
    this.cells = new Map(s.cells.map(([id, row]) => [id, new Map(row)]));
    this.keys = new Map(s.keys.map(([id, scopes]) => [id, new Set(scopes)]));
    this.erased = new Map(s.erased.map(([id, fields]) => [id, new Set(fields)]));
  }
}
