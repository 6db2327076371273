import { describe, expect, it } from 'vitest';
import type { BrowserContext, Page, Response } from 'playwright-core';
import type { ChatEntry } from '../../bot/emulator/emulator-state.js';
import { translate } from '../../bot/i18n/translator.js';
import { t as pageText, type PageKey } from '../../miniapp/pages/former/former-i18n.js';
import { zhCN } from '../../miniapp/web/src/i18n/zh-CN.js';
import { DEMO_PEOPLE } from '../../scripts/seed/demo-people.js';
import { PHONE, openSession, screenshot } from './support/browser.js';
import { heading, mainNav, signInAs } from './support/steps.js';
import { SKIP_REASON, useDemoServerAndBrowser } from './support/suite.js';

/**
 * The server sits behind a public address, as behind a reverse proxy: mails carry links to
 * PUBLIC, and the browser reaches the server only through it (Host is then the server's own,
 * Origin the public one).
 */
const PUBLIC = 'http://hr.boundary.test';
const FOREIGN = 'http://elsewhere.boundary.test';
const ZHANG = DEMO_PEOPLE.find((p) => p.userId === 'user_zhangwei')!;
const WECHAT = 'zw_wechat_2024';

const bot = (key: Parameters<typeof translate>[1], params: Record<string, string> = {}) => translate('zh-CN', key, params);
const web = (key: keyof typeof zhCN, params: Record<string, string> = {}) => zhCN[key].replace(/\{(\w+)\}/g, (_, k: string) => params[k] ?? `{${k}}`);
const zh = (key: PageKey, params: Record<string, string> = {}) => pageText('zh-CN', key, params);
const en = (key: PageKey, params: Record<string, string> = {}) => pageText('en', key, params);

async function behindPublicAddress(context: BrowserContext, baseUrl: string): Promise<void> {
  await context.route(`${PUBLIC}/**`, async (route) => {
    const response = await route.fetch({ url: route.request().url().replace(PUBLIC, baseUrl), maxRedirects: 0 });
    await route.fulfill({ response });
  });
}

/** The demo messenger's own endpoints, used the way its page uses them (signed server side). */
class Messenger {
  constructor(private readonly baseUrl: string) {}

  private async json<T>(path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.baseUrl}${path}`, body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (!res.ok) throw new Error(`${path} answered ${res.status}`);
    return (await res.json()) as T;
  }

  async userId(name: string): Promise<string> {
    const { users } = await this.json<{ users: { userId: string; name: string }[] }>('/dev/messenger/api/users');
    const u = users.find((x) => x.name === name);
    if (!u) throw new Error(`no messenger user ${name}`);
    return u.userId;
  }

  async fromBot(userId: string): Promise<ChatEntry[]> {
    const { entries } = await this.json<{ entries: ChatEntry[] }>(`/dev/messenger/api/conversation?userId=${encodeURIComponent(userId)}`);
    return entries.filter((e) => e.from === 'bot');
  }

  async waitFor<T>(check: () => Promise<T | undefined>, what: string): Promise<T> {
    const end = Date.now() + 20_000;
    for (;;) {
      const v = await check();
      if (v !== undefined) return v;
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  private async replies(userId: string, before: number, count: number): Promise<ChatEntry[]> {
    return this.waitFor(async () => {
      const all = await this.fromBot(userId);
      return all.length >= before + count ? all.slice(before) : undefined;
    }, `${count} bot message(s) to ${userId}`);
  }

  async say(userId: string, text: string, count = 1): Promise<ChatEntry[]> {
    const before = (await this.fromBot(userId)).length;
    const signed = await this.json<{ headers: Record<string, string>; body: unknown }>('/dev/messenger/api/compose', { userId, text });
    const res = await fetch(`${this.baseUrl}/dingtalk/robot`, { method: 'POST', headers: { 'content-type': 'application/json', ...signed.headers }, body: JSON.stringify(signed.body) });
    expect(res.status).toBe(200);
    return this.replies(userId, before, count);
  }

  async press(userId: string, entries: ChatEntry[], actionId: string, match: Record<string, string> = {}): Promise<ChatEntry[]> {
    const card = entries.find((e) => e.kind === 'card' && JSON.parse(e.params?.buttons ?? '[]').some((b: { id: string }) => b.id === actionId));
    const buttons = JSON.parse(card?.params?.buttons ?? '[]') as { id: string; params: Record<string, string> }[];
    const button = buttons.find((b) => b.id === actionId && Object.entries(match).every(([k, v]) => b.params[k] === v));
    if (!card || !button) throw new Error(`no ${actionId} button in ${JSON.stringify(entries)}`);
    const before = (await this.fromBot(userId)).length;
    const signed = await this.json<{ headers: Record<string, string>; body: unknown }>('/dev/messenger/api/card-press', { userId, outTrackId: card.outTrackId, actionId, params: button.params });
    const res = await fetch(`${this.baseUrl}/dingtalk/card`, { method: 'POST', headers: { 'content-type': 'application/json', ...signed.headers }, body: JSON.stringify(signed.body) });
    expect(res.status).toBe(200);
    return this.replies(userId, before, 1);
  }
}

/** Li is refused Zhang's parents' number, files a money-owed contact request, HR approves it. */
async function fileApprovedRequest(chat: Messenger, message: string): Promise<{ li: string }> {
  const [li, hr] = [await chat.userId('李娜'), await chat.userId('孙丽')];
  const refused = await chat.say(li, '给我张伟父母的电话，他欠我钱', 2);
  const reasons = await chat.press(li, refused, 'contact_pick');
  await chat.press(li, reasons, 'contact_reason', { reason: 'money_owed' });
  const confirm = await chat.say(li, message);
  const hrBefore = (await chat.fromBot(hr)).length;
  expect((await chat.press(li, confirm, 'contact_submit')).map((e) => e.text ?? '').join('\n')).toContain(bot('contact.filed.review', { name: '张伟' }));
  const review = await chat.waitFor(async () => {
    const card = (await chat.fromBot(hr)).slice(hrBefore).find((e) => e.kind === 'card' && e.params?.title === bot('contact.review.title'));
    return card?.params?.markdown?.includes(message) ? [card] : undefined;
  }, 'the HR review card');
  await chat.press(hr, review, 'contact_review', { decision: 'approve' });
  return { li };
}

/** Zhang's mail client: the demo mailbox, through the public address; follows the newest answer link. */
async function openAnswerLinkFromMail(page: Page, message: string): Promise<string> {
  await page.goto(`${PUBLIC}/dev/mailbox`);
  const mail = page.locator('article').filter({ hasText: ZHANG.relay!.email }).first();
  await mail.waitFor();
  const link = mail.locator(`a[href^="${PUBLIC}/r/"]:not([href$="/settings"])`);
  const href = (await link.getAttribute('href')) ?? '';
  expect(href).toMatch(/\/r\/[\w-]+\.[\w-]+$/);
  await link.click();
  await page.waitForURL(href);
  return href;
}

const postOf = (page: Page) => page.waitForResponse((r: Response) => r.request().method() === 'POST' && r.url().startsWith(`${PUBLIC}/r/`));

describe.skipIf(SKIP_REASON !== null)('the former employee answers a contact request on the link page (phone, behind a public address)', () => {
  const fx = useDemoServerAndBrowser({ PUBLIC_BASE_URL: PUBLIC });
  let chat: Messenger;
  let link = '';

  it('refuses the form when another site posts it, even with the page’s own form token, and changes nothing', async () => {
    chat = new Messenger(fx.baseUrl);
    const message = '你还欠我四千元，请回个话。';
    await fileApprovedRequest(chat, message);
    const s = await openSession(fx.browser, PUBLIC, { ...PHONE, locale: 'zh-CN' });
    await behindPublicAddress(s.context, fx.baseUrl);
    link = await openAnswerLinkFromMail(s.page, message);
    const csrf = (await s.page.locator('input[name=csrf]').getAttribute('value')) ?? '';
    expect(csrf.length).toBeGreaterThan(10);

    // Another site copies the form with its valid token; with its default referrer policy and
    // with no-referrer (Origin: null) the browser posts it — and the server must refuse both.
    for (const policy of ['strict-origin-when-cross-origin', 'no-referrer']) {
      await s.context.route(`${FOREIGN}/**`, (route) =>
        route.fulfill({
          contentType: 'text/html',
          body: `<!doctype html><meta name="referrer" content="${policy}"><form method="post" action="${link}"><input type="hidden" name="csrf" value="${csrf}"><input type="hidden" name="kind" value="decline"><button>go</button></form>`,
        }),
      );
      await s.page.goto(`${FOREIGN}/copy`);
      const [res] = await Promise.all([postOf(s.page), s.page.getByRole('button', { name: 'go' }).click()]);
      expect(res.status(), policy).toBe(403);
      expect(res.request().headers()['origin']).toBe(policy === 'no-referrer' ? 'null' : FOREIGN);
      await s.page.getByText(zh('error.form')).waitFor();
      await s.context.unroute(`${FOREIGN}/**`);
    }
    // A post without the token, from the link's own origin, is refused as well.
    await s.page.goto(link);
    const [bare] = await Promise.all([
      postOf(s.page),
      s.page.evaluate(() => {
        const form = document.querySelector('form')!;
        form.querySelector('input[name=csrf]')!.remove();
        form.querySelector<HTMLInputElement>('input[value=decline]')!.checked = true;
        form.submit();
      }),
    ]);
    expect(bare.status()).toBe(403);
    expect(bare.request().headers()['origin']).toBe(PUBLIC);
    await s.page.getByText(zh('error.form')).waitFor();

    // Nothing changed: the link still opens the question.
    await s.page.goto(link);
    await s.page.getByRole('heading', { level: 1, name: zh('answer.heading', { target: '张伟' }) }).waitFor();
    expect(s.problems).toEqual([]);
    await s.context.close();
  }, 120_000);

  it('shows who asks and why in zh-CN and en, takes a shared WeChat ID from the real form, and Li is told and sees it', async () => {
    const s = await openSession(fx.browser, PUBLIC, { ...PHONE, locale: 'zh-CN' });
    await behindPublicAddress(s.context, fx.baseUrl);
    const { page } = s;
    await page.goto(link);
    await page.getByRole('heading', { level: 1, name: zh('answer.heading', { target: '张伟' }) }).waitFor();
    const question = (await page.locator('main').textContent()) ?? '';
    expect(question).toContain('李娜');
    expect(question).toContain('你还欠我四千元，请回个话。');
    expect(question).toContain(zh('reason.money_owed'));
    await screenshot(page, 'former-answer.phone.zh-CN');

    await page.getByRole('link', { name: zh('page.switch') }).click();
    await page.getByRole('heading', { level: 1, name: en('answer.heading', { target: '张伟' }) }).waitFor();
    expect(await page.locator('main').textContent()).toContain(en('reason.money_owed'));
    await screenshot(page, 'former-answer.phone.en');
    await page.getByRole('link', { name: en('page.switch') }).click();

    const liBefore = (await chat.fromBot(await chat.userId('李娜'))).length;
    await page.getByRole('radio', { name: zh('answer.share') }).check();
    await page.getByRole('combobox', { name: zh('answer.share.kind') }).selectOption('wechat');
    await page.getByRole('textbox', { name: zh('answer.share.value') }).fill(WECHAT);
    await screenshot(page, 'former-answer-filled.phone.zh-CN');
    const [res] = await Promise.all([postOf(page), page.getByRole('button', { name: zh('answer.submit') }).click()]);
    expect(res.status()).toBe(200);
    expect(res.request().headers()['origin']).toBe(PUBLIC);
    await page.getByRole('heading', { level: 1, name: zh('done.heading') }).waitFor();
    expect(await page.locator('main').textContent()).toContain(zh('done.granted'));
    await screenshot(page, 'former-answer-done.phone.zh-CN');

    // Li is told in chat, with exactly the channel Zhang chose.
    const li = await chat.userId('李娜');
    const told = await chat.waitFor(async () => (await chat.fromBot(li)).slice(liBefore).find((e) => e.title === bot('contact.outcome.granted.title', { targetName: '张伟' })), 'the outcome message to Li');
    expect(told.text).toContain(WECHAT);
    expect(told.text).toContain(bot('contact.channel.wechat'));

    // Reopening the link says it was already answered, and a second post is refused.
    const again = await page.goto(link);
    expect(again?.status()).toBe(409);
    await page.getByText(zh('error.used')).waitFor();
    await screenshot(page, 'former-answer-used.phone.zh-CN');
    expect(s.problems).toEqual([]);
    await s.context.close();

    // Li's mini-app (through the same public address) shows the new status and the channel.
    const l = await openSession(fx.browser, PUBLIC, { ...PHONE, locale: 'zh-CN' });
    await behindPublicAddress(l.context, fx.baseUrl);
    await signInAs(l.page, web('login.signInAs', { name: '李娜' }), '李娜');
    await mainNav(l.page, web('nav.label')).getByRole('link', { name: web('nav.requests') }).tap();
    await heading(l.page, web('contact.title'));
    const item = l.page.locator('.adm-list-item').filter({ hasText: '张伟' }).first();
    await item.getByText(web('contact.status.granted')).waitFor();
    expect(await item.textContent()).toContain(WECHAT);
    await screenshot(l.page, 'requests-granted.phone.zh-CN', false);
    expect(l.problems).toEqual([]);
    await l.context.close();
  }, 120_000);

  it('declines in English after switching language; Li only learns that no connection could be made', async () => {
    const message = '还有一件事想问你。';
    const { li } = await fileApprovedRequest(chat, message);
    const s = await openSession(fx.browser, PUBLIC, { ...PHONE, locale: 'en-US' });
    await behindPublicAddress(s.context, fx.baseUrl);
    const { page } = s;
    const second = await openAnswerLinkFromMail(page, message);
    expect(second).not.toBe(link);
    await page.getByText(message).waitFor();
    await page.getByRole('link', { name: zh('page.switch') }).click();
    await page.getByRole('heading', { level: 1, name: en('answer.heading', { target: '张伟' }) }).waitFor();

    const liBefore = (await chat.fromBot(li)).length;
    await page.getByRole('radio', { name: en('answer.decline') }).check();
    const [res] = await Promise.all([postOf(page), page.getByRole('button', { name: en('answer.submit') }).click()]);
    expect(res.status()).toBe(200);
    await page.getByRole('heading', { level: 1, name: en('done.heading') }).waitFor();
    expect(await page.locator('main').textContent()).toContain(en('done.declined'));
    await screenshot(page, 'former-answer-declined.phone.en');

    const told = await chat.waitFor(async () => (await chat.fromBot(li)).slice(liBefore).find((e) => e.title === bot('contact.outcome.neutral.title', { targetName: '张伟' })), 'the neutral outcome to Li');
    expect(told.text).toBe(bot('contact.outcome.neutral.body', { targetName: '张伟' }));

    await page.goto(`${second}?lang=en`);
    await page.getByText(en('error.used')).waitFor();
    expect(s.problems).toEqual([]);
    await s.context.close();
  }, 120_000);
});
