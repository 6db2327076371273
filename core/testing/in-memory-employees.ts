import type { Employee } from '../records/employee.js';
import type { EmployeeSearch, Employees } from '../records/records.ports.js';
import type { InMemoryDepartments } from './in-memory-departments.js';
import { clone, type Snapshottable } from './snapshottable.js';

/** Thrown when a save carries a stale `version` (another writer got there first). */
export class StaleVersionError extends Error {
  readonly code = 'RECORD.CONFLICT';
  constructor(readonly employeeId: string) {
    super(`stale version for employee ${employeeId}`);
  }
}

/**
 * Employees in memory. Optimistic concurrency as the port says: an insert keeps the given
 * version; an update must carry the stored version and is stored with version + 1.
 */
export class InMemoryEmployees implements Employees, Snapshottable {
  private rows = new Map<string, Employee>();

  constructor(
    initial: readonly Employee[] = [],
    private readonly departments?: InMemoryDepartments,
  ) {
    for (const e of initial) this.rows.set(e.id, clone(e));
  }

  async get(id: string): Promise<Employee | null> {
    const e = this.rows.get(id);
    return e ? clone(e) : null;
  }

  async getByEmployeeNo(employeeNo: string): Promise<Employee | null> {
    const e = [...this.rows.values()].find((x) => x.employeeNo === employeeNo);
    return e ? clone(e) : null;
  }

  async getByDingtalkUserId(userId: string): Promise<Employee | null> {
    const e = [...this.rows.values()].find((x) => x.dingtalkUserId === userId);
    return e ? clone(e) : null;
  }

  async search(query: EmployeeSearch): Promise<Employee[]> {
    const statuses = query.status === undefined ? null : Array.isArray(query.status) ? query.status : [query.status];
    const text = query.text?.trim().toLowerCase() ?? '';
    return [...this.rows.values()]
      .filter((e) => statuses === null || statuses.includes(e.status))
      .filter((e) => !query.departmentIds || query.departmentIds.includes(e.departmentId))
      .filter((e) => {
        if (!text) return true;
        const path = this.departments?.peek(e.departmentId)?.path ?? '';
        return [e.name, e.employeeNo, path].some((s) => s.toLowerCase().includes(text));
      })
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      .filter((e) => query.afterId === undefined || e.id > query.afterId)
      .slice(0, query.limit)
      .map(clone);
  }

  async save(employee: Employee): Promise<Employee> {
    const existing = this.rows.get(employee.id);
    if (existing && existing.version !== employee.version) throw new StaleVersionError(employee.id);
    const stored: Employee = existing ? { ...clone(employee), version: employee.version + 1 } : clone(employee);
    this.rows.set(stored.id, stored);
    return clone(stored);
  }

  snapshot(): unknown {
    return clone([...this.rows.entries()]);
  }

  restore(snapshot: unknown): void {
    this.rows = new Map(snapshot as [string, Employee][]);
  }
}
