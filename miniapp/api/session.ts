import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Context } from 'koa';

export const SESSION_COOKIE = 'bd_session';
export const CSRF_COOKIE = 'bd_csrf';
export const CSRF_HEADER = 'x-csrf-token';

export interface SessionOptions {
  /** HMAC key for the session cookie (derived from the master key by the composition root). */
  readonly key: Buffer;
  readonly secure: boolean;
  readonly ttlSeconds: number;
  readonly now: () => Date;
}

export interface SessionPayload {
  /** Employee id. Roles are never stored here: they are loaded fresh on every request. */
  readonly sub: string;
  readonly exp: number; // epoch seconds
}

const b64url = (b: Buffer) => b.toString('base64url');

function sign(key: Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data).digest();
}

export function encodeSession(opts: SessionOptions, employeeId: string): string {
  const payload: SessionPayload = { sub: employeeId, exp: Math.floor(opts.now().getTime() / 1000) + opts.ttlSeconds };
  const data = b64url(Buffer.from(JSON.stringify(payload)));
  return `${data}.${b64url(sign(opts.key, data))}`;
}

export function decodeSession(opts: SessionOptions, cookie: string | undefined): SessionPayload | null {
  if (!cookie) return null;
  const [data, sig] = cookie.split('.');
  if (!data || !sig) return null;
  const expected = sign(opts.key, data);
  const given = Buffer.from(sig, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const payload = JSON.parse(Buffer.from(data, 'base64url').toString('utf8')) as SessionPayload;
    if (typeof payload.sub !== 'string' || typeof payload.exp !== 'number') return null;
    if (payload.exp * 1000 <= opts.now().getTime()) return null;
    return payload;
  } catch {
    return null;
  }
}

/**
 * With an https PUBLIC_BASE_URL the browser's connection is TLS even when the proxy's hop to us
 * is plain http without X-Forwarded-Proto; the cookies library would otherwise refuse (a 500).
 */
function browserConnectionIsSecure(ctx: Context, opts: SessionOptions): void {
  if (opts.secure) ctx.cookies.secure = true;
}

export function setSessionCookies(ctx: Context, opts: SessionOptions, employeeId: string): string {
  browserConnectionIsSecure(ctx, opts);
  const csrf = b64url(randomBytes(24));
  const common = { sameSite: 'lax' as const, secure: opts.secure, path: '/', maxAge: opts.ttlSeconds * 1000, overwrite: true };
  ctx.cookies.set(SESSION_COOKIE, encodeSession(opts, employeeId), { ...common, httpOnly: true });
  // Readable by our own script (double-submit CSRF token), useless to another origin.
  ctx.cookies.set(CSRF_COOKIE, csrf, { ...common, httpOnly: false });
  return csrf;
}

export function clearSessionCookies(ctx: Context, opts: SessionOptions): void {
  browserConnectionIsSecure(ctx, opts);
  for (const name of [SESSION_COOKIE, CSRF_COOKIE])
    ctx.cookies.set(name, '', { path: '/', maxAge: 0, secure: opts.secure, sameSite: 'lax', overwrite: true });
}

/** Double-submit check: the header must equal the cookie, compared in constant time. */
export function csrfValid(ctx: Context): boolean {
  const cookie = ctx.cookies.get(CSRF_COOKIE);
  const header = ctx.get(CSRF_HEADER);
  if (!cookie || !header) return false;
  const a = Buffer.from(cookie);
  const b = Buffer.from(header);
  return a.length === b.length && timingSafeEqual(a, b);
}
