import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, signInDemoPeople } from './api-client.js';
import { startDemoServer } from './in-process-server.js';
import { eventually } from '../support/eventually.js';
import { emulatorChat } from '../support/emulator-chat.js';

describe('offboarding through the mini-app API (real demo server)', () => {
  let server: Awaited<ReturnType<typeof startDemoServer>>;
  const c: Record<'li' | 'head' | 'hr' | 'other', ApiClient> = {} as never;
  const ids: Record<string, string> = {};
  let caseId = '';

  beforeAll(async () => {
    server = await startDemoServer();
    const signedIn = await signInDemoPeople(server.baseUrl, { li: '李娜', head: '刘洋', hr: '吴婷', other: '郑浩' });
    Object.assign(ids, signedIn.ids);
    Object.assign(c, signedIn.clients);
  }, 120_000);
  afterAll(async () => server?.close());

  it('HR files for an employee; nobody else may, and a past last day is refused', async () => {
    const body = { employeeId: ids.li, lastDay: '2099-06-30', reasonCategory: 'career' };
    expect((await c.head.request('POST', '/api/offboarding', body)).status).toBe(403);
    expect((await c.hr.request('POST', '/api/offboarding', { ...body, lastDay: '2000-01-01' })).status).toBe(400);
    const filed = await c.hr.request('POST', '/api/offboarding', body);
    expect(filed.status, filed.text).toBe(200);
    expect(filed.json.offboarding).toMatchObject({ status: 'awaiting_approval', lastDay: '2099-06-30', approvals: { deptHead: null, hr: null } });
    caseId = filed.json.offboarding.id;
    const mine = (await c.li.request('GET', '/api/me/offboarding')).json;
    expect(mine.offboarding).toMatchObject({ id: caseId, status: 'awaiting_approval' });
  });

  it('HR reads a person’s latest case for the employee page; nobody else may, and a person without one reads null', async () => {
    const seen = await c.hr.request('GET', `/api/employees/${ids.li}/offboarding`);
    expect(seen.status, seen.text).toBe(200);
    expect(seen.json.offboarding).toMatchObject({ id: caseId, status: 'awaiting_approval', reasonCategory: 'career', approvals: { deptHead: null, hr: null } });
    for (const who of ['li', 'head', 'other'] as const) expect((await c[who].request('GET', `/api/employees/${ids.li}/offboarding`)).status).toBe(403);
    expect((await c.hr.request('GET', `/api/employees/${ids.head}/offboarding`)).json).toEqual({ offboarding: null });
  });

  it('the employee and outsiders cannot decide; the head and HR approve and the case is pending departure', async () => {
    expect((await c.li.request('POST', `/api/offboarding/${caseId}/decision`, { decision: 'approve' })).status).toBe(403);
    expect((await c.other.request('POST', `/api/offboarding/${caseId}/decision`, { decision: 'approve' })).status).toBe(403);
    const head = await c.head.request('POST', `/api/offboarding/${caseId}/decision`, { decision: 'approve' });
    expect(head.status, head.text).toBe(200);
    expect(head.json.offboarding.status).toBe('awaiting_approval');
    const hr = await c.hr.request('POST', `/api/offboarding/${caseId}/decision`, { decision: 'approve' });
    expect(hr.json.offboarding.status).toBe('pending_departure');
    expect((await c.hr.request('POST', `/api/offboarding/${caseId}/decision`, { decision: 'approve' })).status).toBe(409);
    expect((await c.li.request('GET', '/api/me')).json.status).toBe('pending_departure');
  });

  it('my offboarding shows the checklist and the retention statement in both languages', async () => {
    const mine = (await c.li.request('GET', '/api/me/offboarding')).json;
    expect(mine.offboarding.items.map((i: { key: string }) => i.key)).toEqual(['handover', 'equipment', 'accounts']);
    expect(mine.statement.length).toBeGreaterThan(1);
    const last = mine.statement.at(-1);
    expect(last.until).toBeNull();
    for (const line of mine.statement) expect(line.text['zh-CN'].length * line.text.en.length).toBeGreaterThan(0);
    expect(mine.statement.some((l: { until: string | null }) => l.until !== null && l.until > '2099-06-30')).toBe(true);
  });

  it('offers exactly the checklist actions the server accepts: none on one’s own case, the handover to the head', async () => {
    type Item = { key: string; done: boolean; canConfirm?: boolean };
    const offered = async (client: ApiClient, items: Item[]) => {
      for (const item of items) {
        expect(typeof item.canConfirm, item.key).toBe('boolean');
        // Refused offers are tried for real (they change nothing); accepted ones are ticked below.
        if (!item.canConfirm) expect((await client.request('POST', `/api/offboarding/${caseId}/checklist/${item.key}`, { done: true })).status, item.key).toBe(403);
      }
      return items.filter((i) => i.canConfirm).map((i) => i.key);
    };
    const mine = (await c.li.request('GET', '/api/me/offboarding')).json.offboarding.items as Item[];
    expect(await offered(c.li, mine)).toEqual([]);
    const [handover] = (await c.head.request('GET', '/api/dept/handovers')).json.handovers as { id: string; items: Item[] }[];
    expect(handover?.id).toBe(caseId);
    expect(await offered(c.head, handover!.items)).toEqual(['handover']);
    expect((await c.li.request('GET', '/api/me/offboarding')).json.offboarding.items.every((i: Item) => !i.done)).toBe(true);
  });

  it('the department head sees the handover and confirms it from the team page; HR ticks equipment', async () => {
    expect((await c.li.request('GET', '/api/dept/handovers')).status).toBe(403);
    const list = (await c.head.request('GET', '/api/dept/handovers')).json.handovers;
    expect(list).toEqual([expect.objectContaining({ id: caseId, employee: { id: ids.li, name: '李娜' }, lastDay: '2099-06-30' })]);
    expect((await c.li.request('POST', `/api/offboarding/${caseId}/checklist/handover`, { done: true })).status).toBe(403);
    expect((await c.head.request('POST', `/api/offboarding/${caseId}/checklist/equipment`, { done: true })).status).toBe(403);
    const confirmed = await c.head.request('POST', `/api/offboarding/${caseId}/checklist/head_confirmation`, { done: true });
    expect(confirmed.status, confirmed.text).toBe(200);
    expect(confirmed.json.offboarding.items.find((i: { key: string }) => i.key === 'handover')).toMatchObject({ done: true });
    expect((await c.head.request('GET', '/api/dept/handovers')).json.handovers).toEqual([]);
    expect((await c.hr.request('POST', `/api/offboarding/${caseId}/checklist/equipment`)).status).toBe(200);
    expect((await c.hr.request('POST', `/api/offboarding/${caseId}/checklist/bogus`)).status).toBe(400);
  });

  it('the person withdraws their own resignation before the last day: active again, HR is told, nothing more to decide', async () => {
    expect((await c.other.request('POST', `/api/offboarding/${caseId}/withdraw`)).status).toBe(403);
    expect((await c.head.request('POST', `/api/offboarding/${caseId}/withdraw`)).status).toBe(403);
    expect((await c.li.request('GET', '/api/me/offboarding')).json.offboarding.status).toBe('pending_departure');
    const withdrawn = await c.li.request('POST', `/api/offboarding/${caseId}/withdraw`);
    expect(withdrawn.status, withdrawn.text).toBe(200);
    expect(withdrawn.json.offboarding).toMatchObject({ id: caseId, status: 'cancelled' });
    expect((await c.li.request('GET', '/api/me')).json.status).toBe('active');
    expect((await c.li.request('POST', `/api/offboarding/${caseId}/withdraw`)).status).toBe(409);
    expect((await c.hr.request('POST', `/api/offboarding/${caseId}/checklist/accounts`)).status).toBe(409);
    const log = await c.other.request('GET', `/api/audit/entries?subjectId=${ids.li}&action=offboarding`);
    expect(log.json.entries.map((e: { reasonCode: string }) => e.reasonCode)).toContain('RESIGNATION_WITHDRAWN');
    await eventually(async () => (await chatOf('user_wuting')).some((t) => t.includes('李娜') && t.includes('撤回了离职申请')));
    // A new resignation can be filed afterwards, and HR may withdraw it for the person.
    const again = await c.hr.request('POST', '/api/offboarding', { employeeId: ids.li, lastDay: '2099-09-30', reasonCategory: 'personal' });
    expect(again.status, again.text).toBe(200);
    const byHr = await c.hr.request('POST', `/api/offboarding/${again.json.offboarding.id}/withdraw`);
    expect(byHr.json.offboarding.status).toBe('cancelled');
    await eventually(async () => (await chatOf('user_lina')).some((t) => t.includes('HR 已撤回你的离职申请')));
  });

  /** What the emulator shows in one person's conversation with the bot. */
  const chatOf = async (userId: string) => (await emulatorChat(server.baseUrl, userId)).map((e) => JSON.stringify(e));
});
