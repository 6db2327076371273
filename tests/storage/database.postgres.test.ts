import { describe, it } from 'vitest';
import { POSTGRES_URL } from '../support/databases.js';
import { databaseSuite } from './database.suite.js';

if (POSTGRES_URL) databaseSuite('postgresql');
else describe.skip('database on postgresql (set TEST_POSTGRES_URL)', () => it('skipped', () => {}));
