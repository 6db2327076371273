import type { AppModule } from './module.js';
import { platformModule } from './platform.module.js';
import { demoModule } from './demo.module.js';
import { accessModule } from './access.module.js';
import { botModule } from './bot.module.js';
import { miniappModule } from './miniapp.module.js';
import { auditModule } from './audit.module.js';
import { contactModule } from './contact.module.js';
import { offboardingModule } from './offboarding.module.js';
import { consentModule } from './consent.module.js';

/** Order matters: modules publish services that later modules use. */
export const APP_MODULES: readonly AppModule[] = [platformModule, demoModule, accessModule, botModule, miniappModule, auditModule, contactModule, offboardingModule, consentModule];
