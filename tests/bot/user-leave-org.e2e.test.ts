import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../api/api-client.js';
import { startServerProcess, type ServerProcess } from '../support/server-process.js';
import { eventually } from './support/bot-server.js';

/**
 * The real server process in demo mode (seeded company; the built-in emulator is configured
 * with the generated event token and aes_key) receiving `user_leave_org` pushed by the emulator
 * over HTTP, signed and encrypted exactly as DingTalk does (dingtalk.md §6.3, §8).
 */
describe('user_leave_org over HTTP event push (real demo server)', () => {
  const cwd = mkdtempSync(join(tmpdir(), 'boundary-leave-org-'));
  const dbFile = join(cwd, 'data', 'boundary.sqlite');
  let server: ServerProcess;
  let emulator = '';
  const ids: Record<string, string> = {};
  const hr = () => clients.hr!;
  const clients: Record<string, ApiClient> = {};

  const query = <T>(sql: string, ...params: unknown[]): T[] => {
    const db = new BetterSqlite(dbFile, { readonly: true, fileMustExist: true });
    try {
      return db.prepare(sql).all(...params) as T[];
    } finally {
      db.close();
    }
  };
  const statusOf = (name: string) => query<{ status: string; departed_at: string | null }>('select status, departed_at from employees where name = ?', name)[0]!;
  const departureEntries = () => query<{ subject_id: string }>("select subject_id from access_log where reason_code = 'DEPARTED_BY_MESSENGER_EVENT'");
  const emulatorCall = async (path: string, body: unknown) => {
    const r = await fetch(`${emulator}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return r.json() as Promise<any>;
  };
  const postEvent = (req: { query: Record<string, string>; body: unknown }) =>
    fetch(`${server.baseUrl}/dingtalk/events?${new URLSearchParams(req.query)}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(req.body) });

  beforeAll(async () => {
    server = await startServerProcess({ BOUNDARY_CWD: cwd }, 90_000);
    emulator = JSON.parse(server.lines.find((l) => l.includes('messenger emulator started'))!).emulator;
    const probe = new ApiClient(server.baseUrl);
    const users = (await probe.request('GET', '/api/auth/demo-users')).json.users as Array<{ id: string; name: string }>;
    for (const [key, name] of [['li', '李娜'], ['head', '刘洋'], ['hr', '吴婷']] as const) {
      ids[key] = users.find((u) => u.name === name)!.id;
      clients[key] = new ApiClient(server.baseUrl);
      await clients[key]!.loginAs(ids[key]!);
    }
    // Li resigns and is approved: pending departure, last day far ahead — the account goes first.
    const filed = await hr().request('POST', '/api/offboarding', { employeeId: ids.li, lastDay: '2099-06-30', reasonCategory: 'career' });
    expect(filed.status, filed.text).toBe(200);
    for (const who of ['head', 'hr']) expect((await clients[who]!.request('POST', `/api/offboarding/${filed.json.offboarding.id}/decision`, { decision: 'approve' })).status).toBe(200);
    expect(statusOf('李娜').status).toBe('pending_departure');
  }, 150_000);
  afterAll(async () => {
    await server?.stop('SIGKILL');
  });

  it('refuses a bad signature, a stale push and an unsigned one with 4xx, and changes nothing', async () => {
    const before = query<{ n: number }>('select count(*) as n from access_log')[0]!.n;
    const good = await emulatorCall('/__emulator/events/build', { type: 'user_leave_org', userIds: ['user_zhouting'], eventId: 'e2e-forged' });
    const forged = await postEvent({ query: { ...good.query, msg_signature: 'f'.repeat(40) }, body: good.body });
    const stale = await postEvent(await emulatorCall('/__emulator/events/build', { type: 'user_leave_org', userIds: ['user_zhouting'], timestamp: Date.now() - 3 * 3_600_000 }));
    const unsigned = await postEvent({ query: {}, body: good.body });
    expect([forged.status, stale.status, unsigned.status]).toEqual([401, 401, 401]);
    expect(await forged.json()).toMatchObject({ error: { code: 'DINGTALK.SIGNATURE' } });
    await new Promise((r) => setTimeout(r, 300));
    expect(statusOf('周婷').status).toBe('active');
    expect(query("select 1 from messaging_inbox where msg_id like 'event:%'")).toEqual([]);
    expect(query<{ n: number }>('select count(*) as n from access_log')[0]!.n).toBe(before);
    expect(server.lines.some((l) => l.includes('"webhook_rejected"') && l.includes('/dingtalk/events') && l.includes('"bad_signature"'))).toBe(true);
  });

  it('departs the active and the pending-departure employee, ignores strangers and the already departed, and logs it as a departure', async () => {
    const zhangBefore = statusOf('张伟');
    const pushed = await emulatorCall('/__emulator/events/push', {
      type: 'user_leave_org',
      userIds: ['user_lina', 'user_huanglei', 'user_zhangwei', 'user_not_an_employee'],
      eventId: 'e2e-leave-1',
    });
    // The platform gets the encrypted, signed `success` it checks for.
    expect(pushed).toEqual({ status: 200, success: true });
    await eventually(() => statusOf('李娜').status === 'departed' && statusOf('黄磊').status === 'departed');
    for (const name of ['李娜', '黄磊']) expect(Date.now() - Date.parse(statusOf(name).departed_at!)).toBeLessThan(60_000);
    expect(statusOf('张伟')).toEqual(zhangBefore);
    expect(departureEntries().map((e) => e.subject_id).sort()).toEqual([ids.li, query<{ id: string }>("select id from employees where name = '黄磊'")[0]!.id].sort());
    // Li's approved case is closed by the departure.
    expect(query<{ status: string }>('select status from offboarding_cases where employee_id = ?', ids.li)[0]!.status).toBe('departed');

    // The former-employee library lists both, with deletion deadlines counted from today.
    const library = await hr().request('GET', '/api/former-employees?limit=100');
    const li = library.json.employees.find((e: { id: string }) => e.id === ids.li);
    expect(li.departedAt).toBeTruthy();
    expect(li.deadlines.length).toBeGreaterThan(0);
    for (const d of li.deadlines) expect(Date.parse(d.deleteAt)).toBeGreaterThan(Date.parse(li.departedAt));

    // Counts, never the stranger's id.
    const line = server.lines.find((l) => l.includes('user_leave_org processed'))!;
    expect(JSON.parse(line)).toMatchObject({ users: 4, departed: 2, unchanged: 2 });
    expect(server.lines.join('\n')).not.toContain('user_not_an_employee');
  });

  it('changes nothing when the platform delivers the same event again, or a new event for the same people', async () => {
    const entries = departureEntries().length;
    const logSize = query<{ n: number }>('select count(*) as n from access_log')[0]!.n;
    const li = statusOf('李娜');
    expect(await emulatorCall('/__emulator/events/push', { type: 'user_leave_org', userIds: ['user_lina', 'user_huanglei', 'user_zhangwei', 'user_not_an_employee'], eventId: 'e2e-leave-1' })).toEqual({
      status: 200,
      success: true,
    });
    expect(await emulatorCall('/__emulator/events/push', { type: 'user_leave_org', userIds: ['user_lina'], eventId: 'e2e-leave-2' })).toEqual({ status: 200, success: true });
    await eventually(() => query("select 1 from messaging_inbox where msg_id = 'event:e2e-leave-2' and status = 'processed'").length === 1);
    expect(query("select 1 from messaging_inbox where msg_id = 'event:e2e-leave-1'")).toHaveLength(1);
    expect(departureEntries()).toHaveLength(entries);
    expect(query<{ n: number }>('select count(*) as n from access_log')[0]!.n).toBe(logSize);
    expect(statusOf('李娜')).toEqual(li);
  });

  it('acknowledges check_url and user_add_org with success and stores nothing', async () => {
    for (const type of ['check_url', 'user_add_org']) expect(await emulatorCall('/__emulator/events/push', { type, userIds: ['user_new_hire'] })).toEqual({ status: 200, success: true });
    expect(query("select 1 from messaging_inbox where msg_id like 'event:%'")).toHaveLength(2);
  });
});
