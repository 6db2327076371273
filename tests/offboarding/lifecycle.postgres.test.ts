import { describe, it } from 'vitest';
import { POSTGRES_URL } from '../support/databases.js';
import { lifecycleSuite } from './lifecycle.suite.js';

if (POSTGRES_URL) lifecycleSuite('postgresql');
else describe.skip('offboarding lifecycle on postgresql (set TEST_POSTGRES_URL)', () => it('skipped', () => {}));
