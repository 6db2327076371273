import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoServer } from './in-process-server.js';

/**
 * Signing in sets a session before any CSRF token exists, so another site must not be able to
 * post a sign-in (login CSRF): a foreign or opaque Origin is refused and no cookie is set.
 */
describe('sign-in refuses posts from another origin (real demo server)', () => {
  let server: Awaited<ReturnType<typeof startDemoServer>>;
  let employeeId = '';
  const PUBLIC = 'https://hr.boundary.test';

  beforeAll(async () => {
    server = await startDemoServer({ PUBLIC_BASE_URL: PUBLIC });
    const users = (await (await fetch(`${server.baseUrl}/api/auth/demo-users`)).json()) as { users: { id: string }[] };
    employeeId = users.users[0]!.id;
  }, 120_000);
  afterAll(async () => server?.close());

  const post = (path: string, headers: Record<string, string>, body: string) => fetch(`${server.baseUrl}${path}`, { method: 'POST', headers, body });

  for (const origin of ['https://elsewhere.example', 'null', 'http://hr.boundary.test']) {
    it(`refuses Origin ${origin} for demo and DingTalk sign-in, as JSON and as a plain form, setting no cookie`, async () => {
      for (const [path, fields] of [['/api/auth/demo', { employeeId }], ['/api/auth/dingtalk', { code: 'any-code' }]] as const) {
        const json = await post(path, { origin, 'content-type': 'application/json' }, JSON.stringify(fields));
        const form = await post(path, { origin, 'content-type': 'application/x-www-form-urlencoded' }, new URLSearchParams(fields).toString());
        for (const res of [json, form]) {
          expect(res.status, path).toBe(403);
          expect(((await res.json()) as { error: { code: string } }).error.code).toBe('AUTH.BAD_ORIGIN');
          expect(res.headers.getSetCookie()).toEqual([]);
        }
      }
    });
  }

  it('signs in from the public origin, and without an Origin header (non-browser clients)', async () => {
    // Behind the TLS proxy of the https PUBLIC_BASE_URL, with and without X-Forwarded-Proto.
    for (const headers of [{ origin: PUBLIC, 'x-forwarded-proto': 'https' }, { origin: PUBLIC }, {}] as Record<string, string>[]) {
      const res = await post('/api/auth/demo', { ...headers, 'content-type': 'application/json' }, JSON.stringify({ employeeId }));
      expect(res.status, JSON.stringify(headers)).toBe(200);
      const session = res.headers.getSetCookie().find((c) => c.startsWith('bd_session='));
      expect(session).toMatch(/;\s*secure/i);
      expect(session).toMatch(/;\s*httponly/i);
      expect(session).toMatch(/;\s*samesite=lax/i);
    }
  });
});
