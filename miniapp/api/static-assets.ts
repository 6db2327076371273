import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import type { Middleware } from 'koa';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
};

/**
 * The page's CSP: our own scripts and style sheets only. antd-mobile and ECharts set style
 * attributes (positions, colours), so those alone are allowed inline; a <style> element is not.
 */
export const APP_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; style-src-attr 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; font-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/**
 * Serves the built single-page app under `prefix`: hashed assets are cached for a year,
 * every other path under the prefix gets index.html (client-side routing).
 */
export function serveApp(root: string, prefix = '/app'): Middleware {
  const base = normalize(root);
  return async (ctx, next) => {
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD') return next();
    if (ctx.path === prefix) return ctx.redirect(`${prefix}/`);
    if (!ctx.path.startsWith(`${prefix}/`)) return next();
    const relative = decodeURIComponent(ctx.path.slice(prefix.length + 1));
    const candidate = normalize(join(base, relative));
    if (!candidate.startsWith(base + sep) && candidate !== base) return next();
    let file = candidate;
    let isAsset = relative.startsWith('assets/');
    try {
      const s = await stat(file);
      if (!s.isFile()) throw new Error('not a file');
    } catch {
      if (isAsset) return next(); // a missing hashed asset is a real 404
      file = join(base, 'index.html');
      isAsset = false;
      try {
        await stat(file);
      } catch {
        ctx.status = 503;
        ctx.body = { error: { code: 'APP.NOT_BUILT', message: 'The mini-app is not built; run npm run build', requestId: ctx.state.requestId } };
        return;
      }
    }
    ctx.type = TYPES[extname(file)] ?? 'application/octet-stream';
    ctx.set('Cache-Control', isAsset ? 'public, max-age=31536000, immutable' : 'no-store');
    ctx.set('Content-Security-Policy', APP_CSP);
    ctx.body = createReadStream(file);
  };
}
