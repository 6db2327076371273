import type { Department } from '../records/department.js';
import type { Employee } from '../records/employee.js';
import type { FieldDefinition, FieldValue, LocalizedText, Section, Sensitivity } from '../records/field-catalog.js';
import type { UnitOfWork } from '../shared/unit-of-work.port.js';
import { recordValue } from './record-values.js';

export type ValueState = 'value' | 'empty' | 'erased' | 'tampered';

/** One field as read for a decided reveal or view: the plaintext, or why there is none. */
export interface FieldRead {
  readonly field: string;
  readonly section: Section;
  readonly sensitivity: Sensitivity;
  readonly label: LocalizedText;
  readonly note: LocalizedText;
  readonly state: ValueState;
  readonly value: FieldValue | null;
}

/**
 * Reads the named fields of one subject: plain columns from the record, the rest from the
 * vault. Callers decide first; nothing here checks access. A tampered value is never returned.
 */
export async function readFieldValues(
  uow: UnitOfWork,
  subject: Employee,
  definitions: readonly FieldDefinition[],
  departments: ReadonlyMap<string, Department>,
): Promise<FieldRead[]> {
  const vaultKeys = definitions.filter((d) => d.storage === 'vault').map((d) => d.key);
  const vault = vaultKeys.length ? await uow.vault.read(subject.id, vaultKeys) : new Map();
  const needsManager = definitions.some((d) => d.key === 'manager') && subject.managerId !== null;
  const manager = needsManager && subject.managerId ? await uow.employees.get(subject.managerId) : null;
  return definitions.map((d): FieldRead => {
    const base = { field: d.key, section: d.section, sensitivity: d.sensitivity, label: d.label, note: d.note };
    if (d.storage === 'record') {
      const value = recordValue(subject, d.key, { departments, managerName: manager?.name ?? null });
      return { ...base, state: value === null ? 'empty' : 'value', value };
    }
    const read = vault.get(d.key) ?? { state: 'empty' as const };
    return read.state === 'value' ? { ...base, state: 'value', value: read.value } : { ...base, state: read.state, value: null };
  });
}
