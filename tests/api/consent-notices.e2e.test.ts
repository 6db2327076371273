import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatEntry } from '../../bot/emulator/emulator-state.js';
import { ApiClient, signInDemoPeople } from './api-client.js';
import { startDemoServer } from './in-process-server.js';
import { eventually } from '../support/eventually.js';
import { emulatorChat } from '../support/emulator-chat.js';

const V2 = { 'zh-CN': '演示公司隐私声明（第 2 版）：新增生日祝福用途，仅在你同意后进行。', en: 'Demo company privacy notice (v2): adds birthday greetings, only with your consent.' };
const V3 = { 'zh-CN': '演示公司隐私声明（第 3 版）。', en: 'Demo company privacy notice (v3).' };

/** HR publishes privacy notices in the mini-app; employees are asked in chat (real demo server and its emulator). */
describe('privacy notice versions and the consent prompt (real demo server)', () => {
  let server: Awaited<ReturnType<typeof startDemoServer>>;
  const clients: Record<'li' | 'hr' | 'auditor', ApiClient> = {} as never;
  const ids: Record<string, string> = {};
  const notices = async () => (await clients.li.request('GET', '/api/consent/notices')).json as { current: number; notices: Array<{ version: number; texts: typeof V2; prompted: number }> };
  const chat = (userId: string) => emulatorChat(server.baseUrl, userId);
  const promptCard = async (userId: string, version: number) =>
    (await chat(userId)).find((e) => e.kind === 'card' && e.outTrackId?.startsWith('consent-prompt-') && e.outTrackId.endsWith(`-v${version}`));
  const press = async (userId: string, card: ChatEntry, button: { id: string; params: Record<string, string> }) => {
    const signed = (await (
      await fetch(`${server.baseUrl}/dev/messenger/api/card-press`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ userId, outTrackId: card.outTrackId, actionId: button.id, params: button.params }),
      })
    ).json()) as { headers: Record<string, string>; body: object };
    const res = await fetch(`${server.baseUrl}/dingtalk/card`, { method: 'POST', headers: { 'content-type': 'application/json', ...signed.headers }, body: JSON.stringify(signed.body) });
    return { status: res.status, json: (await res.json()) as { cardData?: { cardParamMap: Record<string, string> } } };
  };
  const buttonsOf = (params: Record<string, string>) => JSON.parse(params.buttons ?? '[]') as Array<{ id: string; label: string; params: Record<string, string> }>;

  beforeAll(async () => {
    server = await startDemoServer();
    const signedIn = await signInDemoPeople(server.baseUrl, { li: '李娜', hr: '吴婷', auditor: '郑浩' });
    Object.assign(ids, signedIn.ids);
    Object.assign(clients, signedIn.clients);
  }, 120_000);
  afterAll(async () => server?.close());

  it('lists the seeded notice to anyone signed in, and nobody has been asked about it', async () => {
    expect(await notices()).toMatchObject({ current: 1, notices: [{ version: 1, prompted: 0 }] });
    expect(await promptCard('user_lina', 1)).toBeUndefined();
  });

  it('refuses a publication by a non-HR employee (403, logged), bad input (400 with the reason) and a missing CSRF token, and writes no notice', async () => {
    const li = await clients.li.request('POST', '/api/consent/notices', { baseVersion: 1, text: V2 });
    expect(li.status).toBe(403);
    expect(li.json.error.code).toBe('ACCESS.DENIED');
    const blank = await clients.hr.request('POST', '/api/consent/notices', { baseVersion: 1, text: { 'zh-CN': '   ', en: V2.en } });
    expect(blank.status).toBe(400);
    expect(blank.json.error).toMatchObject({ code: 'INPUT.INVALID', details: [{ path: 'text.zh-CN', problem: 'too_small' }] });
    const noEn = await clients.hr.request('POST', '/api/consent/notices', { baseVersion: 1, text: { 'zh-CN': V2['zh-CN'] } });
    expect(noEn.status).toBe(400);
    expect(noEn.json.error.details).toEqual([expect.objectContaining({ path: 'text.en' })]);
    const huge = await clients.hr.request('POST', '/api/consent/notices', { baseVersion: 1, text: { 'zh-CN': 'x'.repeat(20_001), en: V2.en } });
    expect(huge.status).toBe(400);
    const csrf = await clients.hr.request('POST', '/api/consent/notices', { baseVersion: 1, text: V2 }, { csrf: false });
    expect([csrf.status, csrf.json.error.code]).toEqual([403, 'AUTH.CSRF']);
    const stale = await clients.hr.request('POST', '/api/consent/notices', { baseVersion: 0, text: V2 });
    expect([stale.status, stale.json.error.code]).toEqual([409, 'RECORD.CONFLICT']);
    expect((await notices()).notices.map((n) => n.version)).toEqual([1]);
    const log = await clients.auditor.request('GET', `/api/audit/entries?actorId=${ids.li}&action=consent&outcome=denied`);
    expect(log.json.entries[0]).toMatchObject({ actorId: ids.li, action: 'consent', outcome: 'denied', reasonCode: 'NOT_HR_ADMIN', channel: 'miniapp' });
  });

  it('HR publishes version 2: version 1 stays readable, the publication is logged, and Li gets the prompt card in her language', async () => {
    const r = await clients.hr.request('POST', '/api/consent/notices', { baseVersion: 1, text: V2 });
    expect(r.status, r.text).toBe(200);
    expect(r.json.notice).toMatchObject({ version: 2, texts: V2, publishedBy: ids.hr });
    const listed = await notices();
    expect(listed.current).toBe(2);
    expect(listed.notices.map((n) => n.version)).toEqual([2, 1]);
    expect(listed.notices[1]!.texts['zh-CN']).toContain('第 1 版');
    const log = await clients.auditor.request('GET', `/api/audit/entries?actorId=${ids.hr}&action=consent`);
    expect(log.json.entries[0]).toMatchObject({ actorId: ids.hr, outcome: 'allowed', reasonCode: 'NOTICE_PUBLISHED', channel: 'miniapp' });

    const card = await eventually(() => promptCard('user_lina', 2));
    expect(card.params!.title).toBe('请阅读隐私声明并选择同意项');
    expect(card.params!.markdown).toContain(V2['zh-CN']);
    expect(buttonsOf(card.params!).map((b) => `${b.params.purpose}:${b.params.granted}`)).toEqual([
      'relay_contact_requests:yes',
      'relay_contact_requests:no',
      'post_departure_contact:yes',
      'post_departure_contact:no',
      'birthday_greetings:yes',
      'birthday_greetings:no',
    ]);
    // Everybody reachable in the organisation was asked once; the departed were not.
    expect((await notices()).notices[0]!.prompted).toBeGreaterThan(20);
    expect(await promptCard('user_zhangwei', 2)).toBeUndefined();
  });

  it('pressing grant records consent against version 2 through the bot, effective at once, and the card shows the answer', async () => {
    const card = (await promptCard('user_lina', 2))!;
    const grant = buttonsOf(card.params!).find((b) => b.params.purpose === 'birthday_greetings' && b.params.granted === 'yes')!;
    const r = await press('user_lina', card, grant);
    expect(r.status).toBe(200);
    expect(r.json.cardData!.cardParamMap.markdown).toMatch(/向团队显示我的生日: \*\*已同意\*\*/);
    const mine = (await clients.li.request('GET', '/api/me/consents')).json;
    expect(mine.consents.find((c: { purpose: string }) => c.purpose === 'birthday_greetings')).toMatchObject({ granted: true, noticeVersion: 2 });
    expect(mine.history.at(-1)).toMatchObject({ purpose: 'birthday_greetings', granted: true, noticeVersion: 2, channel: 'bot' });
    // A repeated delivery of the same press records nothing more.
    await press('user_lina', card, grant);
    expect((await clients.li.request('GET', '/api/me/consents')).json.history.length).toBe(mine.history.length);
  });

  it('after version 3 is published, a press on the version 2 card is refused politely and records nothing', async () => {
    const card = (await promptCard('user_lina', 2))!;
    const before = (await clients.li.request('GET', '/api/me/consents')).json.history.length;
    expect((await clients.hr.request('POST', '/api/consent/notices', { baseVersion: 2, text: V3 })).status).toBe(200);
    const decline = buttonsOf(card.params!).find((b) => b.params.purpose === 'relay_contact_requests' && b.params.granted === 'no')!;
    const r = await press('user_lina', card, decline);
    expect(r.status).toBe(200);
    expect(r.json.cardData!.cardParamMap.markdown).toContain('已被第 3 版取代');
    expect(JSON.parse(r.json.cardData!.cardParamMap.buttons!)).toEqual([]);
    expect((await clients.li.request('GET', '/api/me/consents')).json.history.length).toBe(before);
    await eventually(async () => (await chat('user_lina')).some((e) => e.kind === 'text' && (e.text ?? '').includes('已更新为第 3 版')));
    await eventually(() => promptCard('user_lina', 3));
  });
});
