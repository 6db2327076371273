import { describe, expect, it } from 'vitest';
import { zhCN } from '../../miniapp/web/src/i18n/zh-CN.js';
import { en } from '../../miniapp/web/src/i18n/en.js';
import { ApiClient } from '../api/api-client.js';
import { PHONE, openSession, screenshot } from './support/browser.js';
import { heading, signInAs } from './support/steps.js';
import { SKIP_REASON, useDemoServerAndBrowser } from './support/suite.js';

const fill = (s: string, params: Record<string, string>) => s.replace(/\{(\w+)\}/g, (_, k: string) => params[k] ?? `{${k}}`);

describe.skipIf(SKIP_REASON !== null)('a departing employee’s own checklist (phone)', () => {
  const fx = useDemoServerAndBrowser();

  it('shows each item’s status and what is kept, and offers no action the server would refuse', async () => {
    const id = (name: string) => {
      const u = fx.users.find((x) => x.name === name);
      if (!u) throw new Error(`the demo seed has no ${name}`);
      return u.id;
    };
    // HR files Li's resignation; her department head and HR approve it (as in the API suite).
    const [hr, head] = [new ApiClient(fx.baseUrl), new ApiClient(fx.baseUrl)];
    await hr.loginAs(id('吴婷'));
    await head.loginAs(id('刘洋'));
    const filed = await hr.request('POST', '/api/offboarding', { employeeId: id('李娜'), lastDay: '2099-06-30', reasonCategory: 'career' });
    expect(filed.status, filed.text).toBe(200);
    const caseId = filed.json.offboarding.id as string;
    expect((await head.request('POST', `/api/offboarding/${caseId}/decision`, { decision: 'approve' })).status).toBe(200);
    expect((await hr.request('POST', `/api/offboarding/${caseId}/decision`, { decision: 'approve' })).json.offboarding.status).toBe('pending_departure');

    for (const [locale, cat] of [['zh-CN', zhCN], ['en', en]] as const) {
      const s = await openSession(fx.browser, fx.baseUrl, { ...PHONE, locale });
      const { page } = s;
      await page.goto('/app/');
      if (locale === 'en') await page.getByRole('button', { name: 'English' }).click();
      await signInAs(page, fill(cat['login.signInAs'], { name: '李娜' }), '李娜');
      await heading(page, cat['me.title']);
      const checklist = page.getByRole('heading', { name: cat['offboarding.title'] });
      await checklist.waitFor();
      // Li may tick none of her own items: the core refuses every one, so no button is offered.
      await page.getByText(cat['offboarding.pending']).first().waitFor();
      expect(await page.getByText(cat['offboarding.pending']).count()).toBe(3);
      expect(await page.getByRole('button', { name: cat['offboarding.markDone'] }).count()).toBe(0);
      const kept = page.getByRole('region', { name: cat['offboarding.kept'] });
      await kept.waitFor();
      expect(await kept.locator('.adm-list-item').count()).toBeGreaterThan(1);
      await checklist.scrollIntoViewIfNeeded();
      await screenshot(page, `me-offboarding.phone.${locale}`, false);
      expect(s.problems).toEqual([]);
      await s.context.close();
    }
  }, 120_000);

  it('Li withdraws her own resignation from My record (en); HR withdraws another from the employee page (zh-CN)', async () => {
    const id = (name: string) => fx.users.find((x) => x.name === name)!.id;
    const hr = new ApiClient(fx.baseUrl);
    await hr.loginAs(id('吴婷'));
    // Li's case from the test above is pending departure; 黄磊's is filed now and awaits approval.
    expect((await hr.request('GET', `/api/employees/${id('李娜')}/offboarding`)).json.offboarding.status).toBe('pending_departure');
    const huang = await hr.request('POST', '/api/offboarding', { employeeId: id('黄磊'), lastDay: '2099-03-31', reasonCategory: 'family' });
    expect(huang.status, huang.text).toBe(200);

    const mine = await openSession(fx.browser, fx.baseUrl, { ...PHONE, locale: 'en' });
    await mine.page.goto('/app/');
    await mine.page.getByRole('button', { name: 'English' }).click();
    await signInAs(mine.page, fill(en['login.signInAs'], { name: '李娜' }), '李娜');
    await heading(mine.page, en['me.title']);
    await mine.page.getByRole('button', { name: en['offboarding.withdraw.mine'] }).click();
    await mine.page.getByText(en['offboarding.withdraw.confirmMine']).waitFor();
    await mine.page.getByRole('button', { name: /^(Confirm|OK|确定)$/ }).click();
    await mine.page.getByText(en['offboarding.withdraw.done']).waitFor();
    await mine.page.getByRole('heading', { name: en['offboarding.title'] }).waitFor({ state: 'detached' });
    const li = (await hr.request('GET', `/api/employees/${id('李娜')}/offboarding`)).json.offboarding;
    expect(li.status).toBe('cancelled');
    expect((await hr.request('GET', `/api/employees/${id('李娜')}`)).json.status).toBe('active');
    expect(mine.problems).toEqual([]);
    await mine.context.close();

    const s = await openSession(fx.browser, fx.baseUrl, { ...PHONE, locale: 'zh-CN' });
    await signInAs(s.page, fill(zhCN['login.signInAs'], { name: '吴婷' }), '吴婷');
    await s.page.goto(`/app/employees/${id('黄磊')}`);
    await heading(s.page, '黄磊');
    const view = s.page.getByTestId('offboarding-case');
    await view.getByText(zhCN['offboarding.status.awaiting_approval']).waitFor();
    await view.getByRole('button', { name: zhCN['offboarding.withdraw.button'] }).click();
    await s.page.getByRole('button', { name: /^(确定|确 定|Confirm|OK)$/ }).click();
    await view.getByText(zhCN['offboarding.status.cancelled']).waitFor();
    expect(await view.getByRole('button', { name: zhCN['offboarding.withdraw.button'] }).count()).toBe(0);
    // Nothing is open any more, so HR may start a new one.
    await s.page.getByRole('region', { name: zhCN['offboarding.case.title'] }).getByRole('button', { name: zhCN['offboarding.start.button'] }).waitFor();
    await screenshot(s.page, 'hr-offboarding-withdrawn.phone.zh-CN', false);
    expect(s.problems).toEqual([]);
    await s.context.close();
  }, 120_000);
});
