import type { Context, Middleware, Next } from 'koa';
import { ApiError } from './http-errors.js';
import { csrfValid, decodeSession, SESSION_COOKIE, type SessionOptions } from './session.js';

export interface AuthState {
  /** The signed-in employee's id; the record (and its roles) is loaded fresh by each use case. */
  employeeId: string;
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Requires a valid session; on state-changing methods also a CSRF token and, when the
 * browser sends one, an Origin equal to ours.
 */
export function requireSession(session: SessionOptions, publicOrigin: string): Middleware {
  return async (ctx: Context, next: Next) => {
    const payload = decodeSession(session, ctx.cookies.get(SESSION_COOKIE));
    if (!payload) throw new ApiError(401, 'AUTH.REQUIRED', 'Sign in first');
    if (UNSAFE.has(ctx.method)) assertSameOriginWithCsrf(ctx, publicOrigin);
    (ctx.state as AuthState).employeeId = payload.sub;
    await next();
  };
}

/** An Origin, when the browser sends one, must be ours (the public origin or the forwarded host). */
export function assertSameOrigin(ctx: Context, publicOrigin: string): void {
  const origin = ctx.get('origin');
  if (origin && origin !== publicOrigin && origin !== `${ctx.protocol}://${ctx.host}`)
    throw new ApiError(403, 'AUTH.BAD_ORIGIN', 'Cross-origin request refused');
}

export function assertSameOriginWithCsrf(ctx: Context, publicOrigin: string): void {
  assertSameOrigin(ctx, publicOrigin);
  if (!csrfValid(ctx)) throw new ApiError(403, 'AUTH.CSRF', 'Missing or invalid CSRF token');
}

export const actorId = (ctx: Context): string => (ctx.state as AuthState).employeeId;
