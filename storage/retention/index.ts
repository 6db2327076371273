import type { EntityManager } from '@mikro-orm/knex';
import type { RepositoryFactories, StorageContext } from '../unit-of-work.js';
import { Sql } from '../records/sql.js';
import { MikroCorrectionRequests, MikroOffboardingCases } from '../offboarding/mikro-offboarding-cases.repository.js';
import { MikroConsentLedger } from '../consent/mikro-consent-ledger.repository.js';
import { MikroRetentionStore } from './mikro-retention-store.repository.js';

const sql = (em: EntityManager, ctx: StorageContext) => new Sql(em, ctx.db.driver);

/** The offboarding, consent and retention members of the UnitOfWork (merged at the composition root). */
export const offboardingRepositoryFactories = {
  offboarding: (em, ctx) => new MikroOffboardingCases(sql(em, ctx)),
  corrections: (em, ctx) => new MikroCorrectionRequests(sql(em, ctx)),
  consents: (em, ctx) => new MikroConsentLedger(sql(em, ctx)),
  retention: (em, ctx) => new MikroRetentionStore(sql(em, ctx), ctx.keyring, () => ctx.clock.now()),
} satisfies Pick<RepositoryFactories, 'offboarding' | 'corrections' | 'consents' | 'retention'>;

export { ShredSecretStore } from './shred-secrets.js';
export { ShreddableKeyRing } from './shreddable-key-ring.js';
export { PURGE_LOCK_KEY } from './mikro-retention-store.repository.js';
