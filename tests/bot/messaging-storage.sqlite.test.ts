import { messagingStorageSuite } from './messaging-storage.suite.js';

messagingStorageSuite('sqlite');
