import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PEOPLE } from '../../scripts/seed/demo-people.js';
import { ApiClient } from './api-client.js';
import { eventually } from '../support/eventually.js';
import { startDemoServer } from './in-process-server.js';
import { emulatorChat } from '../support/emulator-chat.js';

/** The seed's rule for personal phones (scripts/seed/demo-company.ts): 1390000 + row number + 0. */
const seededPhone = (no: string) => `1390000${String(DEMO_PEOPLE.findIndex((p) => p.no === no) + 1).padStart(3, '0')}0`;

describe('rights and consent through the mini-app API (real demo server)', () => {
  let server: Awaited<ReturnType<typeof startDemoServer>>;
  const li = () => clients.li!;
  const clients: Record<string, ApiClient> = {};
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    server = await startDemoServer();
    const probe = new ApiClient(server.baseUrl);
    const users = (await probe.request('GET', '/api/auth/demo-users')).json.users as Array<{ id: string; name: string }>;
    await probe.loginAs(users.find((u) => u.name === '吴婷')!.id);
    const everyone = (await probe.request('GET', '/api/employees?limit=100')).json.employees as Array<{ id: string; name: string }>;
    const idOf = (name: string) => everyone.find((e) => e.name === name)?.id ?? '';
    for (const [key, name] of [['li', '李娜'], ['zhang', '张伟'], ['hr', '吴婷'], ['auditor', '郑浩']] as const) {
      ids[key] = idOf(name);
      if (key === 'zhang') continue;
      clients[key] = new ApiClient(server.baseUrl);
      await clients[key].loginAs(ids[key]);
    }
    expect(ids.li && ids.zhang && ids.hr && ids.auditor).toBeTruthy();
  }, 120_000);
  afterAll(async () => server?.close());

  it('an employee downloads their own data as a JSON attachment, logged as subject_request, with nobody else in it', async () => {
    const phone = seededPhone('BD003');
    const r = await fetch(`${server.baseUrl}/api/me/export`, { headers: { cookie: cookieOf(li()) } });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-disposition')).toBe('attachment; filename="my-data.json"');
    const text = await r.text();
    const data = JSON.parse(text);
    expect(data.employee).toMatchObject({ id: ids.li, name: '李娜' });
    expect(data.fields.find((f: { field: string }) => f.field === 'personal_phone')).toMatchObject({ state: 'value', value: phone });
    expect(data.consents.current.map((c: { purpose: string }) => c.purpose).sort()).toEqual(['birthday_greetings', 'post_departure_contact', 'relay_contact_requests']);
    expect(Array.isArray(data.contactRequests) && Array.isArray(data.accessHistory) && Array.isArray(data.corrections)).toBe(true);
    // Nobody else's personal data, not even a teammate's.
    expect(text).not.toContain(seededPhone('BD004'));
    expect(text).not.toContain('zhangwei.personal@example.com');
    expect(text).not.toContain('张伟');

    const log = await clients.auditor!.request('GET', `/api/audit/entries?subjectId=${ids.li}&actorId=${ids.li}&purpose=subject_request&action=reveal`);
    expect(log.status).toBe(200);
    const entry = log.json.entries[0];
    expect(entry).toMatchObject({ actorId: ids.li, subjectId: ids.li, purpose: 'subject_request', outcome: 'allowed', channel: 'miniapp' });
    expect(entry.fields).toContain('personal_phone');
    expect(JSON.stringify(log.json)).not.toContain(phone);
  });

  it('the export holds my consents and their history once I have answered', async () => {
    expect((await li().request('POST', '/api/me/consents', { purpose: 'birthday_greetings', granted: true })).status).toBe(200);
    const data = (await li().request('GET', '/api/me/export')).json;
    expect(data.consents.current.find((c: { purpose: string }) => c.purpose === 'birthday_greetings')).toMatchObject({ granted: true, noticeVersion: 1 });
    expect(data.consents.history).toEqual([expect.objectContaining({ purpose: 'birthday_greetings', granted: true, channel: 'miniapp', actorId: ids.li })]);
  });

  it('a withdrawal through the API refuses the very next consent-based reveal', async () => {
    const hr = clients.hr!;
    // This company makes employment_admin reveals of personal data depend on post_departure_contact consent.
    const current = (await hr.request('GET', '/api/catalog')).json;
    const { version, ...draft } = current;
    draft.purposes = draft.purposes.map((p: { code: string }) => (p.code === 'employment_admin' ? { ...p, consentPurpose: 'post_departure_contact' } : p));
    const put = await hr.request('PUT', '/api/catalog', { baseVersion: version, catalog: draft });
    expect(put.status, put.text.slice(0, 300)).toBe(200);
    const reveal = () =>
      hr.request('POST', `/api/employees/${ids.li}/reveal`, { fields: ['personal_email'], purpose: 'employment_admin', justification: '寄送在职证明需要联系本人的个人邮箱' });

    expect((await li().request('POST', '/api/me/consents', { purpose: 'post_departure_contact', granted: true })).status).toBe(200);
    const allowed = await reveal();
    expect(allowed.status, allowed.text.slice(0, 300)).toBe(200);

    const withdrawn = await li().request('POST', '/api/me/consents', { purpose: 'post_departure_contact', granted: false });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.json.consents.find((c: { purpose: string }) => c.purpose === 'post_departure_contact').granted).toBe(false);
    const refused = await reveal();
    expect(refused.status).toBe(403);
    expect(refused.json.error.details).toMatchObject({ reason: 'CONSENT_WITHDRAWN' });
  });

  it('refuses an unknown purpose and a malformed answer with 400, never a 5xx', async () => {
    expect((await li().request('POST', '/api/me/consents', { purpose: 'marketing', granted: true })).status).toBe(400);
    expect((await li().request('POST', '/api/me/consents', { purpose: 'birthday_greetings', granted: 'yes' })).status).toBe(400);
    expect((await li().request('POST', '/api/me/corrections', { field: 'no_such_field', note: 'x' })).status).toBe(400);
  });

  it('a correction request reaches HR, who resolves it once; the note is not logged', async () => {
    const note = '手机号换了，请更新为新号码';
    const filed = await li().request('POST', '/api/me/corrections', { field: 'personal_phone', note });
    expect(filed.status).toBe(200);
    const id = filed.json.correction.id as string;
    const queue = await clients.hr!.request('GET', '/api/corrections');
    expect(queue.json.corrections).toEqual([expect.objectContaining({ id, employeeId: ids.li, employee: { id: ids.li, name: '李娜' }, field: 'personal_phone', note, status: 'open' })]);
    // Each person lists their own requests, and only those.
    expect((await li().request('GET', '/api/me/corrections')).json.corrections).toEqual([expect.objectContaining({ id, field: 'personal_phone', status: 'open' })]);
    expect((await clients.hr!.request('GET', '/api/me/corrections')).json.corrections).toEqual([]);
    expect((await clients.hr!.request('POST', `/api/corrections/${id}`, { outcome: 'applied' })).json.correction.status).toBe('applied');
    expect((await clients.hr!.request('POST', `/api/corrections/${id}`, { outcome: 'declined' })).status).toBe(409);
    const log = await clients.auditor!.request('GET', `/api/audit/entries?subjectId=${ids.li}&action=correction`);
    expect(log.json.entries.map((e: { reasonCode: string }) => e.reasonCode).sort()).toEqual(['CORRECTION_APPLIED', 'CORRECTION_REQUESTED']);
    expect(JSON.stringify(log.json)).not.toContain(note);
    expect((await li().request('GET', '/api/me/export')).json.corrections).toEqual([expect.objectContaining({ id, status: 'applied' })]);
    expect((await li().request('GET', '/api/me/corrections')).json.corrections).toEqual([expect.objectContaining({ id, status: 'applied' })]);
    // In chat, HR and Li read the field's label in their language, never its key or the note.
    const hrChat = await eventually(async () => (await chatTexts('user_wuting')).find((t) => t.includes('李娜') && t.includes('个人手机')));
    expect(hrChat).not.toContain('personal_phone');
    const liChat = await eventually(async () => (await chatTexts('user_lina')).find((t) => t.includes('个人手机')));
    expect(liChat).not.toContain('personal_phone');
    expect([...(await chatTexts('user_wuting')), ...(await chatTexts('user_lina'))].join('\n')).not.toContain(note);
  });

  /** What the emulator shows in one person's conversation with the bot (texts and card bodies). */
  const chatTexts = async (userId: string) => (await emulatorChat(server.baseUrl, userId)).map((e) => JSON.stringify(e));
});

function cookieOf(c: ApiClient): string {
  return [...(c as unknown as { cookies: Map<string, string> }).cookies].map(([k, v]) => `${k}=${v}`).join('; ');
}
