import type { Department } from '../records/department.js';
import type { Departments } from '../records/records.ports.js';
import { clone, type Snapshottable } from './snapshottable.js';

export class InMemoryDepartments implements Departments, Snapshottable {
  private rows = new Map<string, Department>();

  constructor(initial: readonly Department[] = []) {
    for (const d of initial) this.rows.set(d.id, clone(d));
  }

  async all(): Promise<Department[]> {
    return [...this.rows.values()].sort((a, b) => a.path.localeCompare(b.path)).map(clone);
  }

  async get(id: string): Promise<Department | null> {
    const d = this.rows.get(id);
    return d ? clone(d) : null;
  }

  async save(department: Department): Promise<Department> {
    this.rows.set(department.id, clone(department));
    return clone(department);
  }

  /** Synchronous read for other fakes (department path search). */
  peek(id: string): Department | undefined {
    return this.rows.get(id);
  }

  snapshot(): unknown {
    return clone([...this.rows.entries()]);
  }

  restore(snapshot: unknown): void {
    this.rows = new Map(snapshot as [string, Department][]);
  }
}
