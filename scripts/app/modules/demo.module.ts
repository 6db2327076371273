import type { AppModule } from './module.js';
import { requireService } from './module.js';
import type { KeyRing } from '../../../storage/crypto/key-ring.js';
import { accessLogFactory } from '../../../storage/audit/mikro-access-log.repository.js';
import { seedDemoCompany } from '../../seed/demo-company.js';
import { PLATFORM_SERVICES } from './platform.module.js';

/**
 * Demo mode only: the first start seeds the demo company (Li, Zhang and ~30 colleagues) so the
 * whole story can be played at once. Skipped when any employee exists; never outside demo mode.
 */
export const demoModule: AppModule = {
  name: 'demo',
  async init(s) {
    if (!s.config.demo) return;
    const keyring = requireService<KeyRing>(s, PLATFORM_SERVICES.keyring);
    const result = await seedDemoCompany({ db: s.db, clock: s.clock, ids: s.ids, keyring }, (em) => accessLogFactory(em, { db: s.db }));
    if (result.seeded) s.log.warn({ employees: result.employees }, 'DEMO MODE: seeded the demo company (fictional people)');
  },
};
