import type { Department } from './department.js';
import type { Employee, EmployeeStatus } from './employee.js';
import type { FieldCatalog, FieldValue, KeyScope } from './field-catalog.js';

export interface EmployeeSearch {
  /** Matches name, employee no. or department path (plain, non-personal columns only). */
  readonly text?: string;
  readonly status?: EmployeeStatus | readonly EmployeeStatus[];
  readonly departmentIds?: readonly string[];
  readonly afterId?: string;
  readonly limit: number;
}

export interface Employees {
  get(id: string): Promise<Employee | null>;
  getByEmployeeNo(employeeNo: string): Promise<Employee | null>;
  getByDingtalkUserId(userId: string): Promise<Employee | null>;
  search(query: EmployeeSearch): Promise<Employee[]>;
  /** Insert or update (optimistic on `version`); returns the stored record. */
  save(employee: Employee): Promise<Employee>;
}

export interface Departments {
  all(): Promise<Department[]>;
  get(id: string): Promise<Department | null>;
  save(department: Department): Promise<Department>;
}

export interface FieldCatalogStore {
  current(): Promise<FieldCatalog>;
  /** Stores a new version (current.version + 1) and returns it. */
  publish(next: Omit<FieldCatalog, 'version'>, by: string, at: Date): Promise<FieldCatalog>;
  history(): Promise<FieldCatalog[]>;
}

/** A vault read: the value, or why there is none. */
export type VaultRead =
  | { readonly state: 'value'; readonly value: FieldValue }
  | { readonly state: 'empty' }
  /** Its data key was destroyed (retention purge): the value is gone for good. */
  | { readonly state: 'erased' }
  /** Ciphertext failed authentication (edited or swapped); never returned, always reported. */
  | { readonly state: 'tampered' };

/**
 * Encrypted personal and sensitive values (AES-256-GCM under per-employee, per-scope data
 * keys). Core sees plaintext only through this port and only inside a decided reveal.
 */
export interface PersonalDataVault {
  read(employeeId: string, fields: readonly string[]): Promise<Map<string, VaultRead>>;
  /** `null` clears a field. Fields are looked up in the catalog for their key scope. */
  write(employeeId: string, values: ReadonlyMap<string, FieldValue | null>, catalog: FieldCatalog): Promise<void>;
  /** Crypto-shred: destroy the data key of one scope and delete its ciphertext. */
  eraseScope(employeeId: string, scope: KeyScope): Promise<{ readonly fieldsErased: number }>;
  /** Scopes that still hold a live key for this employee. */
  liveScopes(employeeId: string): Promise<KeyScope[]>;
}
