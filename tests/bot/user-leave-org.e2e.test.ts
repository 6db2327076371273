import { userLeaveOrgSuite } from './user-leave-org.suite.js';

userLeaveOrgSuite('sqlite');
