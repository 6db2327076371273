import { EntitySchema } from '@mikro-orm/core';
import type { Department } from '../../core/records/department.js';

/** Row shape of `departments`; mapped 1:1 onto the core Department. */
export class DepartmentRow implements Department {
  id!: string;
  name!: string;
  parentId!: string | null;
  path!: string;
  headEmployeeId!: string | null;
}

export const DepartmentSchema = new EntitySchema<DepartmentRow>({
  class: DepartmentRow,
  tableName: 'departments',
  properties: {
    id: { type: 'string', primary: true },
    name: { type: 'string' },
    parentId: { type: 'string', nullable: true, fieldName: 'parent_id' },
    path: { type: 'string', unique: true },
    headEmployeeId: { type: 'string', nullable: true, fieldName: 'head_employee_id' },
  },
});
