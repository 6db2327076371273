import { describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import Koa from 'koa';
import type { AddressInfo } from 'node:net';
import { requestId, errorHandler } from '../../scripts/app/http/middleware.js';
import { createLogger, type Logger } from '../../scripts/app/logger.js';

/** A logger writing JSON lines to memory, with a count of the child loggers made from it. */
function captured(level: string): { log: Logger; lines: () => Array<Record<string, unknown>>; children: () => number } {
  const chunks: string[] = [];
  const log = createLogger(level, new Writable({ write: (c, _e, cb) => (chunks.push(String(c)), cb()) }));
  let children = 0;
  const child = log.child.bind(log);
  log.child = ((...a: Parameters<Logger['child']>) => ((children += 1), child(...a))) as Logger['child'];
  return { log, lines: () => chunks.join('').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>), children: () => children };
}

async function serve(log: Logger, route: Koa.Middleware): Promise<{ url: string; close: () => void }> {
  const app = new Koa();
  app.silent = true;
  app.use(requestId(log));
  app.use(errorHandler());
  app.use(route);
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() };
}

describe('per-request logger', () => {
  it('is not built for a request that never logs (info level)', async () => {
    const c = captured('info');
    const s = await serve(c.log, (ctx) => void (ctx.body = { ok: true }));
    try {
      for (let i = 0; i < 3; i++) expect((await fetch(`${s.url}/x`)).status).toBe(200);
      expect(c.children()).toBe(0);
      expect(c.lines()).toEqual([]);
    } finally {
      s.close();
    }
  });

  it('carries the request id when a route or the error handler logs', async () => {
    const c = captured('info');
    const s = await serve(c.log, (ctx) => {
      (ctx.state.log as Logger).warn({ event: 'probe' }, 'route line');
      ctx.throw(400, 'refused');
    });
    try {
      const res = await fetch(`${s.url}/x`, { headers: { 'x-request-id': 'req-0123456789' } });
      expect(res.status).toBe(400);
      const lines = c.lines();
      expect(lines.map((l) => [l.msg, l.requestId])).toEqual([
        ['route line', 'req-0123456789'],
        ['request refused', 'req-0123456789'],
      ]);
      expect(c.children()).toBe(1);
    } finally {
      s.close();
    }
  });

  it('logs every request at debug level, path without the query string', async () => {
    const c = captured('debug');
    const s = await serve(c.log, (ctx) => void (ctx.body = { ok: true }));
    try {
      await fetch(`${s.url}/r/abc?token=secret-value`);
      const [line] = c.lines();
      expect(line).toMatchObject({ msg: 'request', method: 'GET', path: '/r/abc', status: 200 });
      expect(typeof line!.requestId).toBe('string');
      expect(JSON.stringify(line)).not.toContain('secret-value');
    } finally {
      s.close();
    }
  });
});
