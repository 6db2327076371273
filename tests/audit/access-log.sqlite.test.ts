import { accessLogChainSuite } from './access-log.suite.js';
import { accessLogSearchSuite } from './access-log-search.suite.js';

accessLogChainSuite('sqlite');
accessLogSearchSuite('sqlite');
