import type { EntitySchema } from '@mikro-orm/core';

/** Every EntitySchema the ORM knows; each feature appends its own. */
export const ALL_SCHEMAS: EntitySchema<any, any>[] = [];
