import type { AppModule } from './module.js';

/** Order matters: modules publish services that later modules use. */
export const APP_MODULES: readonly AppModule[] = [];
