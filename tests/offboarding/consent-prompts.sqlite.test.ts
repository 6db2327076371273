import { consentPromptsSuite } from './consent-prompts.suite.js';

consentPromptsSuite('sqlite');
