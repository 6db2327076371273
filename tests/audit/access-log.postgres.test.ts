import { describe, it } from 'vitest';
import { POSTGRES_URL } from '../support/databases.js';
import { accessLogChainSuite } from './access-log.suite.js';
import { accessLogSearchSuite } from './access-log-search.suite.js';

if (POSTGRES_URL) {
  accessLogChainSuite('postgresql');
  accessLogSearchSuite('postgresql');
} else describe.skip('access log on postgresql (set TEST_POSTGRES_URL)', () => it('skipped', () => {}));
