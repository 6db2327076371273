import { describe, it } from 'vitest';
import { POSTGRES_URL } from '../support/databases.js';
import { userLeaveOrgSuite } from './user-leave-org.suite.js';

if (POSTGRES_URL) userLeaveOrgSuite('postgresql');
else describe.skip('user_leave_org on postgresql (set TEST_POSTGRES_URL)', () => it('skipped', () => {}));
