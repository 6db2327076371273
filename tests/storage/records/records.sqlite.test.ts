import { recordsSuite } from './records.suite.js';

recordsSuite('sqlite');
