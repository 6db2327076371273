import { describe, it } from 'vitest';
import { POSTGRES_URL } from '../support/databases.js';
import { consentPromptsSuite } from './consent-prompts.suite.js';

if (POSTGRES_URL) consentPromptsSuite('postgresql');
else describe.skip('consent prompts on postgresql (set TEST_POSTGRES_URL)', () => it('skipped', () => {}));
