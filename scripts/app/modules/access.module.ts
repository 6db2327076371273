import type { AppModule } from './module.js';
import { requireService } from './module.js';
import type { Transactor } from '../../../core/shared/unit-of-work.port.js';
import { stopExpiredGrants } from '../../../core/access/stop-expired-grants.use-case.js';
import { PLATFORM_SERVICES } from './platform.module.js';

/** Access-policy housekeeping: emergency (break-glass) grants get their stop event when they expire. */
export const accessModule: AppModule = {
  name: 'access',
  jobs(s) {
    return [
      {
        name: 'access.stop-expired-grants',
        schedule: '* * * * *',
        run: async () => {
          const n = await stopExpiredGrants({ tx: requireService<Transactor>(s, PLATFORM_SERVICES.transactor), clock: s.clock });
          if (n) s.log.info({ stopped: n }, 'break-glass grants expired');
        },
      },
    ];
  },
};
