import { describe, expect, it } from 'vitest';
import type { Page, Response } from 'playwright-core';
import { zhCN } from '../../miniapp/web/src/i18n/zh-CN.js';
import { DESKTOP, openSession, screenshot, type Session } from './support/browser.js';
import { withRole } from './support/demo-server.js';
import { heading, mainNav, signInAs } from './support/steps.js';
import { SKIP_REASON, useDemoServerAndBrowser } from './support/suite.js';

const t = (key: keyof typeof zhCN, params: Record<string, string> = {}) =>
  zhCN[key].replace(/\{(\w+)\}/g, (_, k: string) => params[k] ?? `{${k}}`);

interface RevealAnswer {
  status: number;
  body: {
    error?: { code: string; details?: { reason?: string } };
    values?: { field: string; value: unknown; note: { 'zh-CN': string } }[];
    expiresAt?: string;
  };
  serverDate: number;
}

async function submitReveal(page: Page, purpose: string, justification: string): Promise<RevealAnswer> {
  const dialog = page.getByRole('dialog', { name: /紧急联系人/ });
  await dialog.getByRole('radio', { name: new RegExp(purpose) }).check();
  await dialog.getByRole('textbox', { name: /说明/ }).fill(justification);
  const [res] = await Promise.all([
    page.waitForResponse((r: Response) => r.url().endsWith('/reveal') && r.request().method() === 'POST'),
    dialog.getByRole('button', { name: t('reveal.submit') }).click(),
  ]);
  return { status: res.status(), body: await res.json(), serverDate: Date.parse(res.headers()['date'] ?? '') };
}

async function openZhang(page: Page): Promise<void> {
  await mainNav(page, t('nav.label')).getByRole('link', { name: t('nav.archive') }).click();
  await heading(page, t('archive.title'));
  await page.getByRole('searchbox').fill('张伟');
  await page.getByRole('searchbox').press('Enter');
  await page.getByRole('link', { name: '张伟' }).first().click();
  await heading(page, '张伟');
}

describe.skipIf(SKIP_REASON !== null)('HR reveals a former employee’s emergency contacts; the auditor reads the log (zh-CN, desktop)', () => {
  const fx = useDemoServerAndBrowser();
  let hr: Session;

  it('refuses "personal matter" with 他欠我钱 and shows the reason', async () => {
    const hrUser = withRole(fx.users, 'hr_admin');
    hr = await openSession(fx.browser, fx.baseUrl, { ...DESKTOP, locale: 'zh-CN' });
    await signInAs(hr.page, t('login.signInAs', { name: hrUser.name }), hrUser.name);
    await openZhang(hr.page);

    await hr.page.getByRole('button', { name: `${t('reveal.button')} 紧急联系人` }).click();
    const answer = await submitReveal(hr.page, '私人事务', '他欠我钱');

    expect(answer.status).toBe(403);
    const reason = answer.body.error?.details?.reason ?? '';
    expect(['PURPOSE_NEVER_VALID', 'JUSTIFICATION_DEBT_COLLECTION']).toContain(reason);
    const alert = hr.page.getByRole('dialog', { name: /紧急联系人/ }).getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain(zhCN[`reason.${reason}` as keyof typeof zhCN]);
    expect(await hr.page.getByRole('region', { name: t('reveal.revealedRegion') }).count()).toBe(0);
    await screenshot(hr.page, 'hr-reveal-refused.zh-CN');
  }, 90_000);

  it('reveals for emergency_safety with the usage note and a watermark naming the viewer, then hides it after the expiry', async () => {
    const hrUser = withRole(fx.users, 'hr_admin');
    const page = hr.page;
    const answer = await submitReveal(page, '紧急安全', '张伟家属报告他在外地遭遇车祸住院，医院需要联系他的父母');
    expect(answer.status).toBe(200);
    const revealed = answer.body.values?.find((v) => v.field === 'emergency_contacts');
    expect(revealed).toBeDefined();

    const region = page.getByRole('region', { name: t('reveal.revealedRegion') });
    await region.waitFor();
    await page.getByRole('dialog', { name: /紧急联系人/ }).waitFor({ state: 'detached' });
    expect(await region.textContent()).toContain(revealed?.note['zh-CN']);
    expect(await region.textContent()).toContain(`查看人：${hrUser.name}`);
    const phones = JSON.stringify(revealed?.value).match(/1\d{10}/g) ?? [];
    expect(phones.length).toBeGreaterThan(0);
    expect(await region.textContent()).toContain(phones[0]);
    await screenshot(page, 'hr-reveal-shown.zh-CN');

    const shownFor = Date.parse(answer.body.expiresAt ?? '') - answer.serverDate;
    expect(shownFor).toBeGreaterThan(0);
    // Jump the page's clock past the expiry. Installed only now, once the sheet's animation is
    // over: the page's countdown re-reads Date.now() every second, so it sees the jump.
    await page.clock.install();
    await page.clock.fastForward(shownFor + 2_000);
    await region.waitFor({ state: 'detached' });
    await page.getByText(t('reveal.hiddenAgain')).waitFor();
    for (const phone of phones) expect(await page.content()).not.toContain(phone);
    await screenshot(page, 'hr-reveal-hidden.zh-CN');
    expect(hr.problems).toEqual([]);
    await hr.context.close();
  }, 90_000);

  it('lets the auditor find the refusal in the access log, with its justification and reason', async () => {
    const auditor = withRole(fx.users, 'auditor');
    const s = await openSession(fx.browser, fx.baseUrl, { ...DESKTOP, locale: 'zh-CN' });
    await signInAs(s.page, t('login.signInAs', { name: auditor.name }), auditor.name);
    await mainNav(s.page, t('nav.label')).getByRole('link', { name: t('nav.log') }).click();
    await heading(s.page, t('audit.title'));

    const filters = s.page.getByRole('form', { name: t('audit.filters') });
    await filters.getByRole('combobox', { name: t('audit.filter.outcome') }).selectOption('denied');
    await filters.getByRole('textbox', { name: t('audit.filter.keyword') }).fill('他欠我钱');
    await Promise.all([
      s.page.waitForResponse((r) => r.url().includes('/api/audit/entries') && r.url().includes('outcome=denied')),
      filters.getByRole('button', { name: t('audit.search') }).click(),
    ]);
    const results = s.page.getByRole('list', { name: t('audit.results') });
    const refusal = results.getByRole('listitem').filter({ hasText: '他欠我钱' }).first();
    await refusal.waitFor();
    const text = (await refusal.textContent()) ?? '';
    expect(text).toContain(t('outcome.denied'));
    expect(text).toMatch(new RegExp(`${zhCN['reason.PURPOSE_NEVER_VALID']}|${zhCN['reason.JUSTIFICATION_DEBT_COLLECTION']}`));
    await screenshot(s.page, 'auditor-log.zh-CN');

    await mainNav(s.page, t('nav.label')).getByRole('link', { name: t('nav.charts') }).click();
    await heading(s.page, t('charts.title'));
    await s.page.getByRole('figure', { name: t('charts.revealsByPurpose') }).locator('svg').waitFor();
    await screenshot(s.page, 'auditor-charts.zh-CN');
    expect(s.problems).toEqual([]);
    await s.context.close();
  }, 90_000);
});
