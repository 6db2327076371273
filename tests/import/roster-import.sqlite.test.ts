import { rosterImportSuite } from './roster-import.suite.js';

rosterImportSuite('sqlite');
