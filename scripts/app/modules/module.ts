import type Router from '@koa/router';
import type { Middleware } from 'koa';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import type { Database } from '../../../storage/database.js';
import type { Clock } from '../../../core/shared/clock.port.js';
import type { IdGenerator } from '../../../core/shared/ids.port.js';
import type { JobDefinition } from '../jobs.js';

/** Shared services the composition root builds once and hands to every module. */
export interface AppServices {
  readonly config: Config;
  readonly log: Logger;
  readonly db: Database;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  /** Lets modules publish services to later modules (e.g. the transactor, the messenger). */
  readonly registry: Map<string, unknown>;
}

/**
 * A feature's contribution to the running server. Modules are started in list order and
 * stopped in reverse; each may mount routes, schedule jobs and run background workers.
 */
export interface AppModule {
  readonly name: string;
  init?(services: AppServices): Promise<void> | void;
  routes?(router: Router, services: AppServices): void;
  /** Plain Koa middleware mounted before the router (e.g. static pages). */
  middleware?(services: AppServices): Middleware[];
  jobs?(services: AppServices): JobDefinition[];
  /** Called once the HTTP server listens (start workers here). */
  start?(services: AppServices & { readonly port: number }): Promise<void> | void;
  /** Called during shutdown after the server stopped accepting; finish work, then resolve. */
  stop?(services: AppServices): Promise<void> | void;
}

export function requireService<T>(services: AppServices, key: string): T {
  const value = services.registry.get(key);
  if (value === undefined) throw new Error(`service ${key} is not registered; check module order`);
  return value as T;
}
