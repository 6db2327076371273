import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';
import Koa from 'koa';
import Router from '@koa/router';
import { bodyReader } from '../../scripts/app/http/body.js';
import { formerLinkRoutes } from '../../miniapp/pages/former/former-link.routes.js';
import { requestContact } from '../../core/contact/request-contact.use-case.js';
import { contactFixture, tokenOf, type ContactFixture } from './support/contact-fixture.js';

let f: ContactFixture;
let server: Server;
let base = '';

async function freshLinks(): Promise<{ answer: string; settings: string }> {
  const other = await f.addFormer(`e-x${Math.random().toString(36).slice(2, 8)}`, '王五');
  await requestContact(f.deps, { requesterId: f.people.li.id, targetId: other.id, reason: 'belongings', message: '<b>我的键盘</b>', channel: 'bot', defaultLocale: 'zh-CN' });
  const mail = f.stores.outbox.messages.filter((m) => m.recipient.kind === 'former_employee_mail').at(-1)!;
  return { answer: tokenOf(String(mail.params.answerUrl)), settings: tokenOf(String(mail.params.settingsUrl)) };
}

const get = (path: string, lang = 'zh-CN') => fetch(`${base}${path}`, { headers: { 'accept-language': lang } });
const post = (path: string, fields: Record<string, string>) =>
  fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });
const csrfOf = (html: string) => /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

beforeAll(async () => {
  f = await contactFixture();
  f.clock.set(new Date('2026-06-15T02:00:00Z'));
  const app = new Koa();
  app.use(bodyReader());
  const router = new Router();
  formerLinkRoutes(router, { contact: f.deps, timezone: 'Asia/Shanghai', publicOrigin: 'https://hr.example' });
  app.use(router.routes());
  server = createServer(app.callback());
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe("the former employee's answer page", () => {
  it('shows who asks, why and the message (escaped), under a strict CSP with no inline script, and switches language', async () => {
    const { answer } = await freshLinks();
    const res = await get(`/r/${answer}`);
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'");
    expect(html).toContain('李娜（研发部）');
    expect(html).toContain('物品归还');
    expect(html).toContain('&lt;b&gt;我的键盘&lt;/b&gt;');
    expect(html).not.toMatch(/<script>(?!<\/script>)/);
    expect(html).not.toMatch(/ style=/);
    expect(html).toContain('name="viewport"');
    const en = await (await get(`/r/${answer}?lang=en`)).text();
    expect(en).toContain('Belongings');
    expect(en).toContain('lang="en"');
  });

  it('refuses a post without the form token bound to this link, and one with a bad answer, changing nothing', async () => {
    const { answer } = await freshLinks();
    const other = await freshLinks();
    const before = JSON.stringify(f.contacts.snapshot());
    expect((await post(`/r/${answer}`, { kind: 'decline' })).status).toBe(403);
    const foreignCsrf = csrfOf(await (await get(`/r/${other.answer}`)).text());
    expect((await post(`/r/${answer}`, { kind: 'decline', csrf: foreignCsrf })).status).toBe(403);
    const csrf = csrfOf(await (await get(`/r/${answer}`)).text());
    const bad = await post(`/r/${answer}`, { kind: 'share', channel: 'phone', value: 'call me maybe', csrf });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('role="alert"');
    // The GETs above logged nothing that changes a request; the store is as it was.
    expect(JSON.stringify(f.contacts.snapshot())).toBe(before);
    expect(f.contacts.all().filter((r) => r.status !== 'awaiting_consent')).toEqual([]);
  });

  it('records an answer once; the link then explains it was used, and a tampered link explains it was changed', async () => {
    const { answer } = await freshLinks();
    const csrf = csrfOf(await (await get(`/r/${answer}`)).text());
    const done = await post(`/r/${answer}`, { kind: 'share', channel: 'wechat', value: 'wang_wu_88', csrf });
    expect(done.status).toBe(200);
    expect(await done.text()).toContain('我们已把你选择分享的联系方式转告对方');
    const again = await get(`/r/${answer}`);
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('已经使用过');
    const bent = await get(`/r/${answer.slice(0, -2)}${answer.endsWith('AA') ? 'BB' : 'AA'}`);
    expect(bent.status).toBe(400);
    expect(await bent.text()).toContain('被改动');
  });

  it('asks the browser for a real Origin on its form posts and accepts only ours, never null or another site', async () => {
    const { answer } = await freshLinks();
    const page = await get(`/r/${answer}`);
    const html = await page.text();
    // With no-referrer a browser posts the form with `Origin: null`, which must be refused.
    expect(page.headers.get('referrer-policy')).toBe('same-origin');
    expect(html).toContain('<meta name="referrer" content="same-origin">');
    const csrf = csrfOf(html);
    const before = JSON.stringify(f.contacts.snapshot());
    const from = (origin: string) =>
      fetch(`${base}/r/${answer}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin }, body: new URLSearchParams({ kind: 'decline', csrf }).toString() });
    expect((await from('null')).status).toBe(403);
    expect((await from('https://elsewhere.example')).status).toBe(403);
    expect((await from('https://hr.example.evil')).status).toBe(403);
    expect(JSON.stringify(f.contacts.snapshot())).toBe(before);
    expect((await from('https://hr.example')).status).toBe(200);
  });

  it('stops relays from the settings link', async () => {
    const { settings } = await freshLinks();
    const page = await get(`/r/${settings}/settings`);
    expect(page.status).toBe(200);
    const csrf = csrfOf(await page.text());
    const done = await post(`/r/${settings}/settings`, { kind: 'stop', csrf });
    expect(done.status).toBe(200);
    expect(await done.text()).toContain('已停止');
  });

  it('serves its script and styles as files', async () => {
    const js = await get('/r-assets/former.js');
    expect(js.headers.get('content-type')).toContain('javascript');
    expect((await get('/r-assets/former.css')).headers.get('content-type')).toContain('text/css');
  });
});
