import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from './api-client.js';
import { startDemoServer } from './in-process-server.js';

/**
 * Every mini-app API route, called as each role (and anonymously), with the answer decided on
 * purpose. A route without a row here fails the test, so a new route cannot skip the matrix.
 */
type Role = 'employee' | 'dept_head' | 'hr_admin' | 'auditor';
const ROLES: Role[] = ['employee', 'dept_head', 'hr_admin', 'auditor'];
const PEOPLE: Record<Role, string> = { employee: 'user_lina', dept_head: 'user_liuyang', hr_admin: 'user_wuting', auditor: 'user_zhenghao' };

interface Ids {
  self: string;
  zhang: string;
  li: string;
}
interface Row {
  /** Fills path params and the body for the caller. */
  call: (ids: Ids) => { path: string; body?: unknown };
  expect: Record<Role, number>;
  /** Routes anyone may call without a session. */
  public?: boolean;
}

const ALL_OK = { employee: 200, dept_head: 200, hr_admin: 200, auditor: 200 };
const HR_ONLY = { employee: 403, dept_head: 403, hr_admin: 200, auditor: 403 };
const AUDITOR_ONLY = { employee: 403, dept_head: 403, hr_admin: 403, auditor: 200 };
// Refusals of unknown ids must look like refusals of forbidden ones: 403 everywhere.
const NOBODY = { employee: 403, dept_head: 403, hr_admin: 403, auditor: 403 };

const MATRIX: Record<string, Row> = {
  'GET /api/config': { call: () => ({ path: '/api/config' }), expect: ALL_OK, public: true },
  'GET /api/me': { call: () => ({ path: '/api/me' }), expect: ALL_OK },
  'GET /api/departments': { call: () => ({ path: '/api/departments' }), expect: ALL_OK },
  'GET /api/employees': { call: () => ({ path: '/api/employees?limit=10' }), expect: ALL_OK },
  'GET /api/employees/:id': { call: (i) => ({ path: `/api/employees/${i.zhang}` }), expect: HR_ONLY },
  'POST /api/employees/:id/reveal': {
    call: (i) => ({ path: `/api/employees/${i.self}/reveal`, body: { fields: ['personal_phone'], purpose: 'subject_request', justification: '' } }),
    expect: ALL_OK,
  },
  'GET /api/grants/:id': { call: () => ({ path: '/api/grants/no-such-grant' }), expect: NOBODY },
  'GET /api/approvals': { call: () => ({ path: '/api/approvals' }), expect: HR_ONLY },
  'POST /api/approvals/:id': { call: () => ({ path: '/api/approvals/no-such-approval', body: { decision: 'approve' } }), expect: NOBODY },
  'GET /api/reviews': { call: () => ({ path: '/api/reviews' }), expect: { employee: 403, dept_head: 403, hr_admin: 200, auditor: 200 } },
  'POST /api/reviews/:id': { call: () => ({ path: '/api/reviews/no-such-review', body: { outcome: 'justified' } }), expect: NOBODY },
  'PUT /api/employees/:id/roles': { call: (i) => ({ path: `/api/employees/${i.li}/roles`, body: { roles: ['employee'] } }), expect: HR_ONLY },
  'PUT /api/employees/:id/legal-hold': { call: (i) => ({ path: `/api/employees/${i.zhang}/legal-hold`, body: { on: false, note: 'matrix test' } }), expect: HR_ONLY },
  'GET /api/catalog': { call: () => ({ path: '/api/catalog' }), expect: HR_ONLY },
  // HR passes authorisation and then meets the stale-version check (409); everyone else is refused first.
  'PUT /api/catalog': {
    call: () => ({ path: '/api/catalog', body: { baseVersion: 999, catalog: { fields: [], purposes: [], contactRequests: {} } } }),
    expect: { employee: 403, dept_head: 403, hr_admin: 409, auditor: 403 },
  },
  'GET /api/catalog/history': { call: () => ({ path: '/api/catalog/history' }), expect: HR_ONLY },
  'GET /api/former-employees': { call: () => ({ path: '/api/former-employees' }), expect: HR_ONLY },
  'GET /api/dept/roster': { call: () => ({ path: '/api/dept/roster' }), expect: { employee: 403, dept_head: 200, hr_admin: 403, auditor: 403 } },
  'GET /api/outbox/dead': { call: () => ({ path: '/api/outbox/dead' }), expect: HR_ONLY },
  'POST /api/outbox/dead/:id/retry': { call: () => ({ path: '/api/outbox/dead/999999/retry' }), expect: { employee: 403, dept_head: 403, hr_admin: 404, auditor: 403 } },
  'GET /api/contact-requests/mine': { call: () => ({ path: '/api/contact-requests/mine' }), expect: ALL_OK },
  // Someone else's request and a missing one read the same: not found.
  'POST /api/contact-requests/:id/cancel': { call: () => ({ path: '/api/contact-requests/no-such-request/cancel' }), expect: { employee: 404, dept_head: 404, hr_admin: 404, auditor: 404 } },
  'GET /api/contact-requests': { call: () => ({ path: '/api/contact-requests' }), expect: HR_ONLY },
  'POST /api/contact-requests/:id/review': {
    call: () => ({ path: '/api/contact-requests/no-such-request/review', body: { decision: 'approve' } }),
    expect: { employee: 403, dept_head: 403, hr_admin: 404, auditor: 403 },
  },
  'GET /api/audit/entries': { call: () => ({ path: '/api/audit/entries?limit=5' }), expect: { employee: 403, dept_head: 403, hr_admin: 200, auditor: 200 } },
  'GET /api/audit/export': { call: () => ({ path: '/api/audit/export?format=jsonl' }), expect: AUDITOR_ONLY },
  'GET /api/audit/status': { call: () => ({ path: '/api/audit/status' }), expect: AUDITOR_ONLY },
  'POST /api/audit/verify': { call: () => ({ path: '/api/audit/verify' }), expect: AUDITOR_ONLY },
  'GET /api/audit/stats': { call: () => ({ path: '/api/audit/stats' }), expect: AUDITOR_ONLY },
  'GET /api/me/access-history': { call: () => ({ path: '/api/me/access-history' }), expect: ALL_OK },
  // Rights, consent and offboarding: everyone about themselves; HR files and resolves; heads confirm handovers.
  'GET /api/me/export': { call: () => ({ path: '/api/me/export' }), expect: ALL_OK },
  'GET /api/me/consents': { call: () => ({ path: '/api/me/consents' }), expect: ALL_OK },
  'POST /api/me/consents': { call: () => ({ path: '/api/me/consents', body: { purpose: 'birthday_greetings', granted: false } }), expect: ALL_OK },
  // Notices are addressed to everyone; publishing is HR's, which then meets the stale-version check (409).
  'GET /api/consent/notices': { call: () => ({ path: '/api/consent/notices' }), expect: ALL_OK },
  'POST /api/consent/notices': {
    call: () => ({ path: '/api/consent/notices', body: { baseVersion: 999, text: { 'zh-CN': '矩阵测试', en: 'matrix test' } } }),
    expect: { employee: 403, dept_head: 403, hr_admin: 409, auditor: 403 },
  },
  'POST /api/me/corrections': { call: () => ({ path: '/api/me/corrections', body: { field: 'personal_phone', note: 'matrix test' } }), expect: ALL_OK },
  'GET /api/me/corrections': { call: () => ({ path: '/api/me/corrections' }), expect: ALL_OK },
  'GET /api/corrections': { call: () => ({ path: '/api/corrections' }), expect: HR_ONLY },
  'POST /api/corrections/:id': {
    call: () => ({ path: '/api/corrections/no-such-correction', body: { outcome: 'declined' } }),
    expect: { employee: 403, dept_head: 403, hr_admin: 404, auditor: 403 },
  },
  'GET /api/me/offboarding': { call: () => ({ path: '/api/me/offboarding' }), expect: ALL_OK },
  'GET /api/employees/:id/offboarding': { call: () => ({ path: '/api/employees/no-such-employee/offboarding' }), expect: HR_ONLY },
  'POST /api/offboarding': {
    call: () => ({ path: '/api/offboarding', body: { employeeId: 'no-such-employee', lastDay: '2099-12-31', reasonCategory: 'career' } }),
    expect: { employee: 403, dept_head: 403, hr_admin: 404, auditor: 403 },
  },
  // A missing case reads the same for everyone; an existing one refuses non-approvers (tests/api/offboarding-rights).
  'POST /api/offboarding/:id/decision': { call: () => ({ path: '/api/offboarding/no-such-case/decision', body: { decision: 'approve' } }), expect: { employee: 404, dept_head: 404, hr_admin: 404, auditor: 404 } },
  'POST /api/offboarding/:id/withdraw': { call: () => ({ path: '/api/offboarding/no-such-case/withdraw' }), expect: { employee: 404, dept_head: 404, hr_admin: 404, auditor: 404 } },
  'POST /api/offboarding/:id/checklist/:item': { call: () => ({ path: '/api/offboarding/no-such-case/checklist/equipment' }), expect: { employee: 404, dept_head: 404, hr_admin: 404, auditor: 404 } },
  'GET /api/dept/handovers': { call: () => ({ path: '/api/dept/handovers' }), expect: { employee: 403, dept_head: 200, hr_admin: 403, auditor: 403 } },
};

/** Routes exercised by their own suites (sign-in flows) rather than by role. */
const SIGN_IN = new Set(['POST /api/auth/dingtalk', 'GET /api/auth/demo-users', 'POST /api/auth/demo', 'POST /api/auth/logout']);

describe('every API route checks authorisation for every role', () => {
  let server: Awaited<ReturnType<typeof startDemoServer>>;
  const clients = {} as Record<Role, ApiClient>;
  const ids = {} as Record<Role, Ids>;

  beforeAll(async () => {
    server = await startDemoServer();
    const anon = new ApiClient(server.baseUrl);
    const users = (await anon.request('GET', '/api/auth/demo-users')).json.users as Array<{ id: string; name: string }>;
    const byUser = new Map<string, string>();
    // demo-users lists ids; map the seeded messenger ids through the employees API as HR.
    const hrProbe = new ApiClient(server.baseUrl);
    const wuting = users.find((u) => u.name === '吴婷')!;
    await hrProbe.loginAs(wuting.id);
    const everyone = (await hrProbe.request('GET', '/api/employees?limit=100')).json.employees as Array<{ id: string; employeeNo: string; name: string }>;
    for (const e of everyone) byUser.set(e.name, e.id);
    const nameOf: Record<Role, string> = { employee: '李娜', dept_head: '刘洋', hr_admin: '吴婷', auditor: '郑浩' };
    const zhang = byUser.get('张伟')!;
    const li = byUser.get('李娜')!;
    expect(zhang && li).toBeTruthy();
    for (const role of ROLES) {
      clients[role] = new ApiClient(server.baseUrl);
      await clients[role].loginAs(byUser.get(nameOf[role])!);
      ids[role] = { self: byUser.get(nameOf[role])!, zhang, li };
    }
    expect(PEOPLE.employee).toBe('user_lina');
  }, 120_000);

  afterAll(async () => {
    await server?.close();
  });

  it('has a decided row for every mounted /api route', () => {
    const mounted = server.routes.filter((r) => r.split(' ')[1]!.startsWith('/api/') && !SIGN_IN.has(r));
    const missing = mounted.filter((r) => !(r in MATRIX));
    const stale = Object.keys(MATRIX).filter((r) => !server.routes.includes(r));
    expect({ missing, stale }).toEqual({ missing: [], stale: [] });
  });

  for (const [route, row] of Object.entries(MATRIX)) {
    const [method, pattern] = route.split(' ') as [string, string];
    it(`${route}: anonymous → ${row.public ? 200 : 401}`, async () => {
      const { path, body } = row.call({ self: 'x', zhang: 'x', li: 'x' });
      const r = await new ApiClient(server.baseUrl).request(method, path, body);
      expect(r.status, `${pattern} anonymous`).toBe(row.public ? 200 : 401);
    });
    for (const role of ROLES) {
      it(`${route}: ${role} → ${row.expect[role]}`, async () => {
        const { path, body } = row.call(ids[role]);
        const r = await clients[role].request(method, path, body);
        expect(r.status, `${route} as ${role}: ${r.text.slice(0, 200)}`).toBe(row.expect[role]);
      });
    }
  }

  it('refuses a state change without the CSRF token, and changes nothing', async () => {
    const hr = clients.hr_admin;
    const r = await hr.request('PUT', `/api/employees/${ids.hr_admin.li}/roles`, { roles: ['employee', 'hr_admin'] }, { csrf: false });
    expect(r.status).toBe(403);
    expect(r.json.error.code).toBe('AUTH.CSRF');
    const me = await clients.employee.request('GET', '/api/me');
    expect(me.json.roles).toEqual(['employee']);
  });

  it('answers a forbidden id and a non-existent id identically', async () => {
    const li = clients.employee;
    const forbidden = await li.request('GET', `/api/employees/${ids.employee.zhang}`);
    const missing = await li.request('GET', '/api/employees/00000000-0000-0000-0000-000000000000');
    expect(forbidden.status).toBe(missing.status);
    expect(forbidden.json.error.code).toBe(missing.json.error.code);
    expect(forbidden.json.error.details).toEqual(missing.json.error.details);
  });
});
