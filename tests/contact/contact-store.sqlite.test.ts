import { contactStoreSuite } from './contact-store.suite.js';

contactStoreSuite('sqlite');
