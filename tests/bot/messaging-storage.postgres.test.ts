import { describe, it } from 'vitest';
import { POSTGRES_URL } from '../support/databases.js';
import { messagingStorageSuite } from './messaging-storage.suite.js';

if (POSTGRES_URL) messagingStorageSuite('postgresql');
else describe.skip('bot messaging storage on postgresql (set TEST_POSTGRES_URL)', () => it('skipped', () => {}));
