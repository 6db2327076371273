import { describe, it } from 'vitest';
import { POSTGRES_URL } from '../../support/databases.js';
import { recordsSuite } from './records.suite.js';

if (POSTGRES_URL) recordsSuite('postgresql');
else describe.skip('records storage on postgresql (set TEST_POSTGRES_URL)', () => it('skipped', () => {}));
