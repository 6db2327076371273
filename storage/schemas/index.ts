import type { EntitySchema } from '@mikro-orm/core';
import { DepartmentSchema } from '../records/department.schema.js';

/** Every EntitySchema the ORM knows; each feature appends its own. */
export const ALL_SCHEMAS: EntitySchema<any, any>[] = [
  DepartmentSchema,
];
