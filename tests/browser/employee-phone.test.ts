import { describe, expect, it } from 'vitest';
import { en } from '../../miniapp/web/src/i18n/en.js';
import { zhCN } from '../../miniapp/web/src/i18n/zh-CN.js';
import { PHONE, openSession, screenshot } from './support/browser.js';
import { heading, mainNav, signInAs } from './support/steps.js';
import { SKIP_REASON, useDemoServerAndBrowser } from './support/suite.js';

const fill = (s: string, params: Record<string, string>) => s.replace(/\{(\w+)\}/g, (_, k: string) => params[k] ?? `{${k}}`);

describe.skipIf(SKIP_REASON !== null)('an employee on a phone (en, then zh-CN)', () => {
  const fx = useDemoServerAndBrowser();

  it('switches to English, sees their own value on tap with its note and a watermark, finds who viewed their data, and switches back', async () => {
    // Li from the demo story; any plain employee would do if the seed renamed her.
    const li = fx.users.find((u) => u.name === '李娜') ?? fx.users.find((u) => u.roles.length === 1 && u.roles[0] === 'employee');
    expect(li).toBeDefined();
    const name = li?.name ?? '';
    const s = await openSession(fx.browser, fx.baseUrl, { ...PHONE, locale: 'zh-CN' });
    const { page } = s;

    await page.goto('/app/');
    await page.getByRole('heading', { name: zhCN['login.title'] }).waitFor();
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: en['login.title'] }).waitFor();
    await screenshot(page, 'login.phone.en', false);
    await signInAs(page, fill(en['login.signInAs'], { name }), name);
    await heading(page, en['me.title']);

    // The tab bar: an employee has exactly Me / Requests / Privacy.
    const tabs = mainNav(page, en['nav.label']).getByRole('link');
    expect(await tabs.allTextContents()).toEqual([en['nav.me'], en['nav.requests'], en['nav.privacy']]);

    const show = page.getByRole('button', { name: `${en['me.show']} Personal phone` });
    const [res] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/reveal') && r.request().method() === 'POST'),
      show.tap(),
    ]);
    expect(res.status()).toBe(200);
    const body = (await res.json()) as { values: { field: string; value: string; note: { en: string } }[] };
    expect(body.values.map((v) => v.field)).toEqual(['personal_phone']);
    const region = page.getByRole('region', { name: en['reveal.revealedRegion'] });
    await region.waitFor();
    const text = (await region.textContent()) ?? '';
    expect(text).toContain(body.values[0]?.value);
    expect(text).toContain(body.values[0]?.note.en);
    expect(text).toContain(fill(en['reveal.viewedBy'], { name, at: '' }).replace(/ · $/, ''));
    await region.scrollIntoViewIfNeeded();
    await screenshot(page, 'me.phone.en', false);

    await mainNav(page, en['nav.label']).getByRole('link', { name: en['nav.privacy'] }).tap();
    await heading(page, en['privacy.title']);
    await page.getByRole('heading', { name: en['privacy.history'] }).waitFor();
    await screenshot(page, 'privacy.phone.en', false);

    await page.getByRole('button', { name: '中文' }).tap();
    await heading(page, zhCN['privacy.title']);
    await mainNav(page, zhCN['nav.label']).getByRole('link', { name: zhCN['nav.requests'] }).tap();
    await heading(page, zhCN['contact.title']);
    await screenshot(page, 'requests.phone.zh-CN', false);
    expect(s.problems).toEqual([]);
    await s.context.close();
  }, 90_000);
});
