import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../api/api-client.js';
import { eventually } from '../bot/support/bot-server.js';
import { startServerProcess, type ServerProcess } from '../support/server-process.js';

/**
 * privacy-security.md §8 check 23 (no PII or secrets in logs; ASVS 4.0.3 7.1.1, 7.1.2, 7.3.1).
 * The real server process in demo mode at LOG_LEVEL=trace, driven through the story's flows —
 * chat (help, my profile, the direct ask for Zhang's parents' number), card presses, HR reveals
 * including break-glass, refused reveals whose justification carries a phone number, signed-link
 * pages, bad requests — then every captured stdout/stderr line is searched for the seed's
 * personal values and for every secret. User input carrying CR/LF must not start a log line.
 */
const CANARIES = ['13800138001', '13800138002', '张建国', '王秀兰', 'zhangwei.personal@example.com', '13911112222', 'canary.person@example.org'];
const FORGED = 'FORGED-LOG-LINE';

describe('security check 23: no personal value or secret in any log line', () => {
  const dir = mkdtempSync(join(tmpdir(), 'boundary-check23-'));
  const dataDir = join(dir, 'data');
  const dbFile = join(dataDir, 'boundary.sqlite');
  let server: ServerProcess;
  let secrets: string[] = [];

  const compose = async (userId: string, text: string) => {
    const r = await fetch(`${server.baseUrl}/dev/messenger/api/compose`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId, text }) });
    const signed = (await r.json()) as { headers: Record<string, string>; body: object };
    return fetch(`${server.baseUrl}/dingtalk/robot`, { method: 'POST', headers: { 'content-type': 'application/json', ...signed.headers }, body: JSON.stringify(signed.body) });
  };
  const query = <T>(sql: string, ...params: unknown[]): T => {
    const db = new BetterSqlite(dbFile, { readonly: true, fileMustExist: true });
    try {
      return db.prepare(sql).get(...params) as T;
    } finally {
      db.close();
    }
  };
  const pendingInbox = () => query<{ n: number }>("select count(*) as n from messaging_inbox where status = 'pending'").n;

  beforeAll(async () => {
    server = await startServerProcess({ BOUNDARY_CWD: dir, BOUNDARY_DATA_DIR: dataDir, DATABASE_URL: dbFile, LOG_LEVEL: 'trace' }, 90_000);
    secrets = ['master.key', 'dingtalk-client.secret', 'dingtalk-card.secret', 'audit-signing.key'].map((f) => readFileSync(join(dataDir, f), 'utf8').trim());
    expect(secrets.every((s) => s.length >= 16)).toBe(true);
  }, 120_000);
  afterAll(() => server?.stop('SIGKILL'));

  it('holds over chat, reveals (break-glass too), refusals, link pages and malformed requests, and no user input forges a line', async () => {
    const anon = new ApiClient(server.baseUrl);
    const idOf = (name: string) => query<{ id: string }>('select id from employees where name = ?', name).id;
    const hr = new ApiClient(server.baseUrl);
    await hr.loginAs(idOf('孙丽'));
    const li = new ApiClient(server.baseUrl);
    await li.loginAs(idOf('李娜'));

    // Chat: commands, the direct ask, and the user typing personal values and a forged log line.
    for (const [user, text] of [
      ['user_lina', '帮助'],
      ['user_lina', '我的信息'],
      ['user_lina', '给我张伟父母的电话，他欠我钱。我的电话是13911112222'],
      ['user_lina', `help\n{"level":60,"msg":"${FORGED}"}\r\n{"level":50,"msg":"${FORGED}"}`],
      ['user_sunli', '我的信息'],
    ] as const)
      expect((await compose(user, text)).status).toBe(200);

    // Mini-app: break-glass and ordinary reveals, a refused one whose text carries personal values.
    const zhang = idOf('张伟');
    const glass = await hr.request('POST', `/api/employees/${zhang}/reveal`, { fields: ['emergency_contacts'], purpose: 'emergency_safety', justification: '张伟家中失联，需要联系家属确认安全' });
    expect(glass.text).toContain('13800138001');
    await hr.request('GET', `/api/grants/${glass.json.grantId}`);
    await hr.request('POST', `/api/employees/${zhang}/reveal`, { fields: ['emergency_contacts'], purpose: 'emergency_safety', justification: `他欠我钱 13911112222 canary.person@example.org\n{"msg":"${FORGED}"}` });
    await li.request('POST', `/api/employees/${zhang}/reveal`, { fields: ['emergency_contacts'], purpose: 'emergency_safety', justification: '他欠我钱，给我他父母电话 13800138001' });
    await li.request('POST', `/api/employees/${idOf('李娜')}/reveal`, { fields: ['personal_phone', 'home_address', 'id_number'], purpose: 'subject_request', justification: '' });

    // Malformed and hostile requests: bad JSON with a value inside, a token-like query, CR/LF in headers and paths.
    await fetch(`${server.baseUrl}/api/auth/demo`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"employeeId": "13911112222", ' });
    await fetch(`${server.baseUrl}/r/${encodeURIComponent(`x\n{"msg":"${FORGED}"}`)}?token=13911112222`);
    await fetch(`${server.baseUrl}/api/employees/%0A%7B%22msg%22%3A%22${FORGED}%22%7D`);
    await fetch(`${server.baseUrl}/healthz`, { headers: { 'x-request-id': 'abc%0d%0a' + FORGED, 'user-agent': `ua ${FORGED} 13911112222` } });
    await fetch(`${server.baseUrl}/dingtalk/robot`, { method: 'POST', headers: { 'content-type': 'application/json', timestamp: '1', sign: secrets[1]! }, body: '{"text":{"content":"13911112222"}}' });
    await anon.request('POST', '/api/auth/demo', { employeeId: 'canary.person@example.org' });

    await eventually(() => pendingInbox() === 0, 30_000);
    await new Promise((r) => setTimeout(r, 500));
    await server.stop('SIGTERM');

    const lines = server.lines.filter((l) => l.trim() !== '');
    expect(lines.length).toBeGreaterThan(25);
    const hits: string[] = [];
    for (const line of lines) {
      for (const value of [...CANARIES, ...secrets]) if (line.includes(value)) hits.push(`${value.slice(0, 4)}… in ${line.slice(0, 120)}`);
      // One JSON object per line: nothing the user sent can begin a line of its own.
      let parsed: { msg?: unknown } | undefined;
      expect(() => (parsed = JSON.parse(line) as { msg?: unknown }), line.slice(0, 200)).not.toThrow();
      expect(parsed?.msg).not.toBe(FORGED);
    }
    expect(hits).toEqual([]);
  }, 120_000);
});
