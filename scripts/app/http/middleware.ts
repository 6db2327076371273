import { randomUUID } from 'node:crypto';
import type { Context, Middleware, Next } from 'koa';
import type { Logger } from '../logger.js';

export interface AppState {
  requestId: string;
  log: Logger;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

/**
 * The request's state: its id and a child logger made on first use. A child logger serialises
 * its bindings through the redaction rules, which cost more than a webhook's whole database
 * write, and most requests never log. A prototype getter, not a property defined per request.
 */
class RequestState implements AppState {
  private child: Logger | undefined;
  constructor(
    readonly requestId: string,
    private readonly root: Logger,
  ) {}
  get log(): Logger {
    return (this.child ??= this.root.child({ requestId: this.requestId }));
  }
}

/** A request id from a trusted proxy header (if well-formed) or a new one; echoed back. */
export function requestId(logger: Logger): Middleware {
  return async (ctx: Context, next: Next) => {
    const incoming = ctx.get('x-request-id');
    const id = REQUEST_ID.test(incoming) ? incoming : randomUUID();
    ctx.state = new RequestState(id, logger);
    ctx.set('X-Request-Id', id);
    if (!logger.isLevelEnabled('debug')) return next();
    const started = process.hrtime.bigint();
    try {
      await next();
    } finally {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      // Path only: query strings can carry tokens (signed links) and are never logged.
      (ctx.state.log as Logger).debug({ method: ctx.method, path: ctx.path, status: ctx.status, ms }, 'request');
    }
  };
}

interface ErrorLike {
  status?: number;
  statusCode?: number;
  expose?: boolean;
  code?: string;
  message?: string;
  details?: unknown;
}

/** The one error handler: `{ error: { code, message, requestId } }`, no internals on 5xx. */
export function errorHandler(): Middleware {
  return async (ctx: Context, next: Next) => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) {
        ctx.status = 404;
        ctx.body = { error: { code: 'HTTP.NOT_FOUND', message: 'Not found', requestId: ctx.state.requestId } };
      }
    } catch (raw) {
      const e = (raw ?? {}) as ErrorLike;
      const status = typeof e.status === 'number' ? e.status : typeof e.statusCode === 'number' ? e.statusCode : 500;
      const safe = status >= 400 && status < 600 ? status : 500;
      const expose = safe < 500 && e.expose !== false;
      ctx.status = safe;
      ctx.body = {
        error: {
          code: expose && typeof e.code === 'string' ? e.code : safe >= 500 ? 'HTTP.INTERNAL' : `HTTP.${safe}`,
          message: expose && e.message ? e.message : safe >= 500 ? 'Internal error' : 'Request refused',
          requestId: ctx.state.requestId,
          ...(expose && e.details !== undefined ? { details: e.details } : {}),
        },
      };
      const log = (ctx.state.log as Logger | undefined) ?? undefined;
      if (safe >= 500) log?.error({ err: { type: (raw as Error)?.name, stack: (raw as Error)?.stack } }, 'request failed');
      else log?.info({ status: safe, code: (ctx.body as { error: { code: string } }).error.code }, 'request refused');
    }
  };
}

const DEFAULT_CSP =
  "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/**
 * Security headers for JSON and pages; pages tighten the CSP further where they need to.
 * Set on the Node response directly: constant, valid values, on every response of the server
 * (a signed webhook's ack included), where Koa's setter added nothing but work.
 */
export function securityHeaders(): Middleware {
  return async (ctx: Context, next: Next) => {
    await next();
    const res = ctx.res;
    if (res.headersSent) return;
    res.setHeader('X-Content-Type-Options', 'nosniff');
    // A page may relax it to same-origin (its forms then carry a real Origin); never further.
    if (res.getHeader('Referrer-Policy') !== 'same-origin') res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
    res.setHeader('Permissions-Policy', 'camera=(), microphone=(), geolocation=()');
    if (!res.hasHeader('Content-Security-Policy')) res.setHeader('Content-Security-Policy', DEFAULT_CSP);
    if (!res.hasHeader('Cache-Control')) res.setHeader('Cache-Control', 'no-store');
  };
}

/** Tracks in-flight requests so shutdown can wait for them. */
export class InFlight {
  private count = 0;
  private waiters: Array<() => void> = [];
  middleware(): Middleware {
    return async (_ctx, next) => {
      this.count += 1;
      try {
        await next();
      } finally {
        this.count -= 1;
        if (this.count === 0) for (const w of this.waiters.splice(0)) w();
      }
    };
  }
  get size(): number {
    return this.count;
  }
  idle(): Promise<void> {
    return this.count === 0 ? Promise.resolve() : new Promise((r) => this.waiters.push(r));
  }
}
