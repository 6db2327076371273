import BetterSqlite from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../api/api-client.js';
import { freshDatabase, type TestDatabase, type TestDriver } from '../support/databases.js';
import { startServerProcess, type ServerProcess } from '../support/server-process.js';
import { eventually } from './support/bot-server.js';

/**
 * The real server process in demo mode (seeded company; the built-in emulator is configured
 * with the generated event token and aes_key) receiving `user_leave_org` pushed by the emulator
 * over HTTP, signed and encrypted exactly as DingTalk does (dingtalk.md §6.3, §8).
 */
export function userLeaveOrgSuite(driver: TestDriver): void {
  describe(`user_leave_org over HTTP event push (real demo server, ${driver})`, () => {
    let tdb: TestDatabase;
    let server: ServerProcess;
    let emulator = '';
    const ids: Record<string, string> = {};
    const hr = () => clients.hr!;
    const clients: Record<string, ApiClient> = {};

    /** Rows from the server's database on a connection of its own (`?` placeholders on both drivers). */
    const query = async <T>(sql: string, ...params: unknown[]): Promise<T[]> => {
      if (driver === 'sqlite') {
        const db = new BetterSqlite(tdb.url, { readonly: true, fileMustExist: true });
        try {
          return db.prepare(sql).all(...params) as T[];
        } finally {
          db.close();
        }
      }
      let i = 0;
      const c = new pg.Client({ connectionString: tdb.url });
      await c.connect();
      try {
        return (await c.query(sql.replace(/\?/g, () => `$${++i}`), params)).rows as T[];
      } finally {
        await c.end();
      }
    };
    const count = async (sql: string) => Number((await query<{ n: number | string }>(sql))[0]!.n);
    const statusOf = async (name: string) => (await query<{ status: string; departed_at: string | null }>('select status, departed_at from employees where name = ?', name))[0]!;
    const departureEntries = () => query<{ subject_id: string }>("select subject_id from access_log where reason_code = 'DEPARTED_BY_MESSENGER_EVENT'");
    const emulatorCall = async (path: string, body: unknown) => {
      const r = await fetch(`${emulator}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      return r.json() as Promise<any>;
    };
    const postEvent = (req: { query: Record<string, string>; body: unknown }) =>
      fetch(`${server.baseUrl}/dingtalk/events?${new URLSearchParams(req.query)}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(req.body) });

    beforeAll(async () => {
      tdb = await freshDatabase(driver);
      server = await startServerProcess({ BOUNDARY_CWD: tdb.dir, DATABASE_URL: tdb.databaseUrl }, 90_000);
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
      expect((await statusOf('李娜')).status).toBe('pending_departure');
    }, 150_000);
    afterAll(async () => {
      await server?.stop('SIGKILL');
      await tdb?.drop();
    });

    it('refuses a bad signature, a stale push and an unsigned one with 4xx, and changes nothing', async () => {
      const before = await count('select count(*) as n from access_log');
      const good = await emulatorCall('/__emulator/events/build', { type: 'user_leave_org', userIds: ['user_zhouting'], eventId: 'e2e-forged' });
      const forged = await postEvent({ query: { ...good.query, msg_signature: 'f'.repeat(40) }, body: good.body });
      const stale = await postEvent(await emulatorCall('/__emulator/events/build', { type: 'user_leave_org', userIds: ['user_zhouting'], timestamp: Date.now() - 3 * 3_600_000 }));
      const unsigned = await postEvent({ query: {}, body: good.body });
      expect([forged.status, stale.status, unsigned.status]).toEqual([401, 401, 401]);
      expect(await forged.json()).toMatchObject({ error: { code: 'DINGTALK.SIGNATURE' } });
      await new Promise((r) => setTimeout(r, 300));
      expect((await statusOf('周婷')).status).toBe('active');
      expect(await query("select 1 from messaging_inbox where msg_id like 'event:%'")).toEqual([]);
      expect(await count('select count(*) as n from access_log')).toBe(before);
      expect(server.lines.some((l) => l.includes('"webhook_rejected"') && l.includes('/dingtalk/events') && l.includes('"bad_signature"'))).toBe(true);
    });

    it('departs the active and the pending-departure employee, ignores strangers and the already departed, and logs it as a departure', async () => {
      const zhangBefore = await statusOf('张伟');
      const pushed = await emulatorCall('/__emulator/events/push', {
        type: 'user_leave_org',
        userIds: ['user_lina', 'user_huanglei', 'user_zhangwei', 'user_not_an_employee'],
        eventId: 'e2e-leave-1',
      });
      // The platform gets the encrypted, signed `success` it checks for.
      expect(pushed).toEqual({ status: 200, success: true });
      await eventually(async () => (await statusOf('李娜')).status === 'departed' && (await statusOf('黄磊')).status === 'departed');
      for (const name of ['李娜', '黄磊']) expect(Date.now() - Date.parse((await statusOf(name)).departed_at!)).toBeLessThan(60_000);
      expect(await statusOf('张伟')).toEqual(zhangBefore);
      const huanglei = (await query<{ id: string }>("select id from employees where name = '黄磊'"))[0]!.id;
      expect((await departureEntries()).map((e) => e.subject_id).sort()).toEqual([ids.li, huanglei].sort());
      // Li's approved case is closed by the departure.
      expect((await query<{ status: string }>('select status from offboarding_cases where employee_id = ?', ids.li))[0]!.status).toBe('departed');

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
      const entries = (await departureEntries()).length;
      const logSize = await count('select count(*) as n from access_log');
      const li = await statusOf('李娜');
      expect(await emulatorCall('/__emulator/events/push', { type: 'user_leave_org', userIds: ['user_lina', 'user_huanglei', 'user_zhangwei', 'user_not_an_employee'], eventId: 'e2e-leave-1' })).toEqual({
        status: 200,
        success: true,
      });
      expect(await emulatorCall('/__emulator/events/push', { type: 'user_leave_org', userIds: ['user_lina'], eventId: 'e2e-leave-2' })).toEqual({ status: 200, success: true });
      await eventually(async () => (await query("select 1 from messaging_inbox where msg_id = 'event:e2e-leave-2' and status = 'processed'")).length === 1);
      expect(await query("select 1 from messaging_inbox where msg_id = 'event:e2e-leave-1'")).toHaveLength(1);
      expect(await departureEntries()).toHaveLength(entries);
      expect(await count('select count(*) as n from access_log')).toBe(logSize);
      expect(await statusOf('李娜')).toEqual(li);
    });

    it('acknowledges check_url and user_add_org with success and stores nothing', async () => {
      for (const type of ['check_url', 'user_add_org']) expect(await emulatorCall('/__emulator/events/push', { type, userIds: ['user_new_hire'] })).toEqual({ status: 200, success: true });
      expect(await query("select 1 from messaging_inbox where msg_id like 'event:%'")).toHaveLength(2);
    });
  });
}
