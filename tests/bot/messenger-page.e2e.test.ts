import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServerProcess, type ServerProcess } from '../support/server-process.js';
import { eventually } from './support/bot-server.js';
import { messagingDbAt } from './support/messaging-db.js';

/** Demo mode: the server starts its own emulator and mounts /dev/messenger. */
describe('the demo messenger page', () => {
  let server: ServerProcess;
  beforeAll(async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'boundary-page-'));
    mkdirSync(join(cwd, 'data'));
    // Li is in the demo database before the server starts (the seed's job in real demo mode).
    const seeded = await messagingDbAt('sqlite', join(cwd, 'data', 'boundary.sqlite'));
    await seeded.db.close();
    server = await startServerProcess({ BOUNDARY_CWD: cwd }, 90_000);
  }, 120_000);
  afterAll(() => server?.stop('SIGKILL'));

  const api = async (path: string, body?: unknown) => {
    const res = await fetch(`${server.baseUrl}${path}`, body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return (await res.json()) as Record<string, unknown>;
  };

  it('serves the page with its script as a separate file (no inline script, CSP intact)', async () => {
    const page = await fetch(`${server.baseUrl}/dev/messenger`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<script src="/dev/messenger/app.js"></script>');
    expect(html).not.toMatch(/<script>(?!<\/script>)/);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const js = await fetch(`${server.baseUrl}/dev/messenger/app.js`);
    expect(js.headers.get('content-type')).toContain('javascript');
    expect(await js.text()).not.toMatch(/secret/i);
  });

  it('lets a newcomer type 帮助 and get a useful answer, through a callback signed as DingTalk signs it', async () => {
    const signed = (await api('/dev/messenger/api/compose', { userId: 'demo-guest', text: '帮助' })) as { headers: Record<string, string>; body: object };
    expect(Object.keys(signed.headers).sort()).toEqual(['sign', 'timestamp']);
    const res = await fetch(`${server.baseUrl}/dingtalk/robot`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...signed.headers },
      body: JSON.stringify(signed.body),
    });
    expect(res.status).toBe(200);
    let entries: Array<{ from: string; text?: string }> = [];
    await eventually(async () => {
      entries = (await api('/dev/messenger/api/conversation?userId=demo-guest')).entries as typeof entries;
      return entries.some((e) => e.from === 'bot');
    });
    expect(entries[0]).toMatchObject({ from: 'user', text: '帮助' });
    expect(entries.find((e) => e.from === 'bot')!.text).toMatch(/我能帮你做什么[\s\S]*我的信息/);
  });

  it('lists the employees that have a messenger account (read through the Employees port)', async () => {
    const { users } = (await api('/dev/messenger/api/users')) as { users: unknown[] };
    expect(users).toEqual([{ userId: 'user_lina', name: '李娜', title: '工程师', status: 'active' }]);
    const signed = (await api('/dev/messenger/api/compose', { userId: 'user_lina', text: '我的信息' })) as { headers: Record<string, string>; body: object };
    await fetch(`${server.baseUrl}/dingtalk/robot`, { method: 'POST', headers: { 'content-type': 'application/json', ...signed.headers }, body: JSON.stringify(signed.body) });
    await eventually(async () => {
      const entries = (await api('/dev/messenger/api/conversation?userId=user_lina')).entries as Array<{ from: string; text?: string }>;
      return entries.some((e) => e.from === 'bot' && /李娜[\s\S]*Boundary\/研发部/.test(e.text ?? ''));
    });
  });

  it('answers 谁看过我的信息 from inside the inbox transaction (no second transaction waiting on SQLite)', async () => {
    const signed = (await api('/dev/messenger/api/compose', { userId: 'user_lina', text: '谁看过我的信息' })) as { headers: Record<string, string>; body: object };
    const res = await fetch(`${server.baseUrl}/dingtalk/robot`, { method: 'POST', headers: { 'content-type': 'application/json', ...signed.headers }, body: JSON.stringify(signed.body) });
    expect(res.status).toBe(200);
    let last: Array<{ from: string; title?: string; text?: string }> = [];
    await eventually(async () => {
      last = (await api('/dev/messenger/api/conversation?userId=user_lina')).entries as typeof last;
      return last.some((e) => e.from === 'bot' && e.title === '谁看过我的信息' && /查看/.test(e.text ?? ''));
    }).catch((e: unknown) => {
      throw new Error(`${String(e)}\n${JSON.stringify(last)}\n${server.lines.slice(-15).join('\n')}`);
    });
  });
});
