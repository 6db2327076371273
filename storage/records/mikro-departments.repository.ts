import type { EntityManager } from '@mikro-orm/knex';
import type { Department } from '../../core/records/department.js';
import type { Departments } from '../../core/records/records.ports.js';
import { DepartmentSchema, type DepartmentRow } from './department.schema.js';

const toDepartment = (r: DepartmentRow): Department => ({
  id: r.id,
  name: r.name,
  parentId: r.parentId ?? null,
  path: r.path,
  headEmployeeId: r.headEmployeeId ?? null,
});

export class MikroDepartments implements Departments {
  constructor(private readonly em: EntityManager) {}

  async all(): Promise<Department[]> {
    const rows = await this.em.find(DepartmentSchema, {}, { orderBy: { path: 'asc' }, disableIdentityMap: true });
    return rows.map(toDepartment);
  }

  async get(id: string): Promise<Department | null> {
    const row = await this.em.findOne(DepartmentSchema, { id }, { disableIdentityMap: true });
    return row ? toDepartment(row) : null;
  }

  async save(department: Department): Promise<Department> {
    // upsert runs at once (no flush), so later raw queries in the same transaction see it.
    await this.em.upsert(DepartmentSchema, { ...department });
    return { ...department };
  }
}
