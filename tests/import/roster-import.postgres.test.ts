import { describe, it } from 'vitest';
import { POSTGRES_URL } from '../support/databases.js';
import { rosterImportSuite } from './roster-import.suite.js';

if (POSTGRES_URL) rosterImportSuite('postgresql');
else describe.skip('roster import on postgresql (set TEST_POSTGRES_URL)', () => it('skipped', () => {}));
