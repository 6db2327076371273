import { describe, it } from 'vitest';
import { POSTGRES_URL } from '../support/databases.js';
import { contactStoreSuite } from './contact-store.suite.js';

if (POSTGRES_URL) contactStoreSuite('postgresql');
else describe.skip('contact store on postgresql (set TEST_POSTGRES_URL)', () => it('skipped', () => {}));
