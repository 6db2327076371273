import { afterEach, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServerProcess, type ServerProcess } from './support/server-process.js';
import { POSTGRES_URL, freshDatabase } from './support/databases.js';

let server: ServerProcess | undefined;
afterEach(async () => {
  await server?.stop('SIGKILL');
  server = undefined;
});

describe('server process', () => {
  it('starts in demo mode, answers /healthz and /readyz, and creates the SQLite file', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'boundary-srv-'));
    server = await startServerProcess({ BOUNDARY_CWD: cwd });
    const health = await fetch(`${server.baseUrl}/healthz`);
    expect(health.status).toBe(200);
    const ready = await fetch(`${server.baseUrl}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready', database: 'sqlite' });
    expect(existsSync(join(cwd, 'data', 'boundary.sqlite'))).toBe(true);
    expect(server.lines.join('\n')).toMatch(/DEMO MODE/);
  });

  it('answers unknown routes with the error envelope and a request id', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'boundary-srv-'));
    server = await startServerProcess({ BOUNDARY_CWD: cwd });
    const res = await fetch(`${server.baseUrl}/no/such/thing`);
    expect(res.status).toBe(404);
    const body = (await res.json()) as { error: { code: string; requestId: string } };
    expect(body.error.code).toBe('HTTP.NOT_FOUND');
    expect(body.error.requestId).toBe(res.headers.get('x-request-id'));
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
  });

  it('finishes a slow in-flight request on SIGTERM and exits 0', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'boundary-srv-'));
    server = await startServerProcess({ BOUNDARY_CWD: cwd, BOUNDARY_TEST_ROUTES: '1' });
    const started = Date.now();
    const slow = fetch(`${server.baseUrl}/__test/slow?ms=1500`);
    await new Promise((r) => setTimeout(r, 300));
    server.child.kill('SIGTERM');
    const res = await slow;
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ slept: 1500 });
    const code = await server.exited;
    expect(code).toBe(0);
    expect(Date.now() - started).toBeLessThan(10_000);
    // New connections are refused once shutdown began.
    await expect(fetch(`${server.baseUrl}/healthz`)).rejects.toThrow();
  });

  it.runIf(POSTGRES_URL)('migrates and serves on PostgreSQL', async () => {
    const db = await freshDatabase('postgresql');
    try {
      const cwd = mkdtempSync(join(tmpdir(), 'boundary-srv-'));
      server = await startServerProcess({ BOUNDARY_CWD: cwd, DATABASE_URL: db.databaseUrl });
      const ready = await fetch(`${server.baseUrl}/readyz`);
      expect(await ready.json()).toMatchObject({ status: 'ready', database: 'postgresql' });
      expect(await server.stop('SIGTERM')).toBe(0);
      server = undefined;
    } finally {
      await db.drop();
    }
  });
});
