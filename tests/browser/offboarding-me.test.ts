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
});
