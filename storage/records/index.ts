import type { EntityManager } from '@mikro-orm/knex';
import type { RepositoryFactories, StorageContext } from '../unit-of-work.js';
import { MikroAccessGrants } from './mikro-access-grants.repository.js';
import { MikroDepartments } from './mikro-departments.repository.js';
import { MikroEmployees } from './mikro-employees.repository.js';
import { MikroFieldCatalogStore } from './mikro-field-catalog.repository.js';
import { MikroPersonalDataVault } from './mikro-personal-data-vault.repository.js';
import { Sql } from './sql.js';
import { VaultKeys } from './vault-keys.js';

const sql = (em: EntityManager, ctx: StorageContext) => new Sql(em, ctx.db.driver);

/** The records members of the UnitOfWork; merged with the access-log and outbox factories at the root. */
export const recordsRepositoryFactories = {
  employees: (em, ctx) => new MikroEmployees(sql(em, ctx)),
  departments: (em) => new MikroDepartments(em),
  catalog: (em, ctx) => new MikroFieldCatalogStore(sql(em, ctx)),
  vault: (em, ctx) => new MikroPersonalDataVault(sql(em, ctx), new VaultKeys(ctx.keyring, ctx.clock), ctx.clock),
  grants: (em, ctx) => new MikroAccessGrants(sql(em, ctx)),
} satisfies Pick<RepositoryFactories, 'employees' | 'departments' | 'catalog' | 'vault' | 'grants'>;

export { DepartmentSchema } from './department.schema.js';
export { compactSqlite } from './compact.js';
