import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import Router from '@koa/router';
import type { Config } from './config.js';
import type { Logger } from './logger.js';
import { Database } from '../../storage/database.js';
import { errorHandler, InFlight, requestId, securityHeaders } from './http/middleware.js';
import { bodyReader } from './http/body.js';
import { JobScheduler } from './jobs.js';
import { APP_MODULES } from './modules/index.js';
import type { AppModule, AppServices } from './modules/module.js';
import { RandomIds, SystemClock } from '../../storage/system.js';

export interface RunningServer {
  readonly port: number;
  readonly services: AppServices;
  /** "METHOD /path" of every mounted route (for the authorisation matrix test). */
  readonly routes: readonly string[];
  readonly server: Server;
  readonly db: Database;
  readonly jobs: JobScheduler;
  close(): Promise<void>;
}

export interface ServerOptions {
  /** Milliseconds a test route sleeps; only honoured when BOUNDARY_TEST_ROUTES=1 (shutdown tests). */
  readonly testRoutes?: boolean;
  /** Replaces the default module list (tests). */
  readonly modules?: readonly AppModule[];
}

/** The composition root: reads config, opens the database, wires adapters, starts Koa. */
export async function startServer(config: Config, log: Logger, options: ServerOptions = {}): Promise<RunningServer> {
  const db = await Database.open({ driver: config.database.driver, url: config.database.url, checkpointInBackground: true });
  const applied = await db.migrate();
  if (applied.length) log.info({ migrations: applied }, 'migrations applied');

  const modules = options.modules ?? APP_MODULES;
  const services: AppServices = { config, log, db, clock: new SystemClock(), ids: new RandomIds(), registry: new Map() };
  for (const m of modules) await m.init?.(services);

  const jobs = new JobScheduler(config.timezone, log);
  for (const m of modules) for (const job of m.jobs?.(services) ?? []) jobs.add(job);
  const inFlight = new InFlight();
  const app = new Koa({ proxy: true });
  app.silent = true;

  app.use(inFlight.middleware());
  app.use(requestId(log));
  app.use(securityHeaders());
  app.use(errorHandler());
  app.use(bodyReader());

  const router = new Router();
  router.get('/healthz', (ctx) => {
    ctx.body = { status: 'ok' };
  });
  router.get('/readyz', async (ctx) => {
    try {
      await db.ping();
      const pending = await db.pendingMigrations();
      if (pending.length) {
        ctx.status = 503;
        ctx.body = { status: 'migrating', pending: pending.length };
        return;
      }
      ctx.body = { status: 'ready', database: config.database.driver };
    } catch {
      ctx.status = 503;
      ctx.body = { status: 'database unreachable' };
    }
  });
  if (options.testRoutes) {
    router.get('/__test/slow', async (ctx) => {
      const ms = Math.min(Number(ctx.query.ms ?? 1000), 8000);
      await new Promise((r) => setTimeout(r, ms));
      ctx.body = { slept: ms };
    });
  }
  for (const m of modules) for (const mw of m.middleware?.(services) ?? []) app.use(mw);
  for (const m of modules) m.routes?.(router, services);
  app.use(router.routes()).use(router.allowedMethods());

  const server = createServer(app.callback());
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  jobs.start();
  for (const m of modules) await m.start?.({ ...services, port });
  log.info({ port, database: config.database.driver, demo: config.demo }, 'boundary listening');

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      // Stop accepting, let in-flight requests and jobs finish, then close the database.
      const serverClosed = new Promise<void>((r) => server.close(() => r()));
      server.closeIdleConnections();
      await Promise.all([inFlight.idle(), jobs.stop()]);
      for (const m of [...modules].reverse()) await m.stop?.(services);
      server.closeAllConnections();
      await serverClosed;
      await db.close();
    })());

    const routes = router.stack.flatMap((layer) => layer.methods.filter((m) => m !== 'HEAD').map((m) => `${m} ${layer.path}`));
  return { port, services, routes, server, db, jobs, close };
}
