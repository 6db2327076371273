import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { zhCN } from '../../miniapp/web/src/i18n/zh-CN.js';
import { en } from '../../miniapp/web/src/i18n/en.js';
import { ApiClient } from '../api/api-client.js';
import { PHONE, openSession, screenshot } from './support/browser.js';
import { heading, signInAs } from './support/steps.js';
import { SKIP_REASON, useDemoServerAndBrowser } from './support/suite.js';
import { eventually } from '../support/eventually.js';
import { emulatorChat } from '../support/emulator-chat.js';

const fill = (s: string, params: Record<string, string> = {}) => s.replace(/\{(\w+)\}/g, (_, k: string) => params[k] ?? `{${k}}`);

// antd-mobile's confirm dialog labels its OK button in the page's language.
const confirmDialog = (page: Page) => page.getByRole('button', { name: /^(确定|确 定|Confirm|OK)$/ }).click();

describe.skipIf(SKIP_REASON !== null)('HR starts offboarding from the employee page; corrections are filed and resolved (phone)', () => {
  const fx = useDemoServerAndBrowser();
  const id = (name: string) => {
    const u = fx.users.find((x) => x.name === name);
    if (!u) throw new Error(`the demo seed has no ${name}`);
    return u.id;
  };
  const chat = (userId: string) => emulatorChat(fx.baseUrl, userId);
  const login = async (name: string) => {
    const c = new ApiClient(fx.baseUrl);
    await c.loginAs(id(name));
    return c;
  };

  it('zh-CN: refuses a past day and a server refusal with their reasons, files Li’s resignation, and her department head gets the approval card', async () => {
    const t = (key: keyof typeof zhCN, params?: Record<string, string>) => fill(zhCN[key], params);
    const hrApi = await login('吴婷');
    const s = await openSession(fx.browser, fx.baseUrl, { ...PHONE, locale: 'zh-CN' });
    const { page } = s;
    await signInAs(page, t('login.signInAs', { name: '吴婷' }), '吴婷');

    // A server refusal is shown with its reason: 黄磊's resignation is filed elsewhere while the page is open.
    await page.goto(`/app/employees/${id('黄磊')}`);
    await heading(page, '黄磊');
    let section = page.getByRole('region', { name: t('offboarding.case.title') });
    await section.getByRole('button', { name: t('offboarding.start.button') }).waitFor();
    expect((await hrApi.request('POST', '/api/offboarding', { employeeId: id('黄磊'), lastDay: '2099-01-31', reasonCategory: 'family' })).status).toBe(200);
    await section.locator('input[type=date]').fill('2099-02-28');
    await section.getByText(t('separationReason.career')).click();
    await section.getByRole('button', { name: t('offboarding.start.button') }).click();
    await section.getByRole('alert').filter({ hasText: t('error.code.OFFBOARDING.INVALID_STATE') }).waitFor();

    await page.goto(`/app/employees/${id('李娜')}`);
    await heading(page, '李娜');
    section = page.getByRole('region', { name: t('offboarding.case.title') });
    const start = section.getByRole('button', { name: t('offboarding.start.button') });
    await start.waitFor();
    // The form checks the day before sending anything: nothing is filed for a day in the past.
    await section.locator('input[type=date]').fill('2020-01-01');
    await section.getByText(t('separationReason.career')).click();
    await start.click();
    await section.getByRole('alert').filter({ hasText: t('offboarding.start.pastDay', { today: '' }).replace(/（.*$/, '') }).waitFor();
    expect((await hrApi.request('GET', `/api/employees/${id('李娜')}/offboarding`)).json.offboarding).toBeNull();
    await section.scrollIntoViewIfNeeded();
    await screenshot(page, 'hr-offboarding-form.phone.zh-CN', false);

    await section.locator('input[type=date]').fill('2099-06-30');
    await start.click();
    const view = page.getByTestId('offboarding-case');
    await view.getByText(t('offboarding.status.awaiting_approval')).waitFor();
    expect(await view.getByText(t('offboarding.approval.waiting')).count()).toBe(2);
    expect(await view.textContent()).toContain(t('separationReason.career'));
    expect(await section.getByRole('button', { name: t('offboarding.start.button') }).count()).toBe(0);
    const filed = (await hrApi.request('GET', `/api/employees/${id('李娜')}/offboarding`)).json.offboarding;
    expect(filed).toMatchObject({ status: 'awaiting_approval', lastDay: '2099-06-30', reasonCategory: 'career' });
    await screenshot(page, 'hr-offboarding-filed.phone.zh-CN');

    // The department head (刘洋) gets the approval card in chat, through the outbox and the emulator.
    const card = await eventually(async () =>
      (await chat('user_liuyang')).find((e) => e.kind === 'card' && e.outTrackId?.startsWith(`offboarding-${filed.id}-dept_head-`)),
    );
    expect(card.outTrackId).toBe(`offboarding-${filed.id}-dept_head-${id('刘洋')}`);

    // HR approves on the page; the head's approval (here through the API) completes the case.
    await view.getByRole('button', { name: t('offboarding.approve') }).click();
    await view.getByText(t('offboarding.approval.approved')).waitFor();
    expect(await view.getByText(t('offboarding.status.awaiting_approval')).count()).toBe(1);
    const head = await login('刘洋');
    expect((await head.request('POST', `/api/offboarding/${filed.id}/decision`, { decision: 'approve' })).json.offboarding.status).toBe('pending_departure');
    await page.reload();
    await page.getByTestId('offboarding-case').getByText(t('offboarding.status.pending_departure')).waitFor();
    expect(await page.getByRole('button', { name: t('offboarding.approve') }).count()).toBe(0);
    await page.getByTestId('offboarding-case').scrollIntoViewIfNeeded();
    await screenshot(page, 'hr-offboarding-approved.phone.zh-CN', false);
    expect(s.problems).toEqual([]);
    await s.context.close();
  }, 150_000);

  it('en: an employee asks for a correction, HR resolves it from the queue, and the proposed value stays out of the access log', async () => {
    const t = (key: keyof typeof en, params?: Record<string, string>) => fill(en[key], params);
    const proposed = 'Fixed-term contract, 3 years';
    const emp = await openSession(fx.browser, fx.baseUrl, { ...PHONE, locale: 'en' });
    await emp.page.goto('/app/');
    await emp.page.getByRole('button', { name: 'English' }).click();
    await signInAs(emp.page, t('login.signInAs', { name: '周婷' }), '周婷');
    await heading(emp.page, t('me.title'));
    const mine = emp.page.getByRole('region', { name: t('corrections.title') });
    await mine.getByText(t('corrections.none')).waitFor();

    // Nothing chosen: a clear message and no request.
    await mine.getByRole('button', { name: t('corrections.submit') }).click();
    await mine.getByRole('alert').filter({ hasText: t('corrections.needField') }).waitFor();
    // A personal field asks for no new value (the request text is not kept in the encrypted vault).
    await mine.getByRole('combobox', { name: t('corrections.field') }).selectOption('personal_phone');
    await mine.getByText(t('corrections.personalHint')).waitFor();
    expect(await mine.getByRole('textbox', { name: t('corrections.proposed') }).count()).toBe(0);
    await mine.getByRole('combobox', { name: t('corrections.field') }).selectOption('contract_type');
    await mine.getByRole('textbox', { name: t('corrections.proposed') }).fill(proposed);
    await mine.getByRole('textbox', { name: t('corrections.note') }).fill('It changed at my renewal in May.');
    await mine.getByRole('button', { name: t('corrections.submit') }).click();
    const item = mine.getByTestId('my-correction');
    await item.filter({ hasText: t('corrections.status.open') }).waitFor();
    expect(await item.textContent()).toContain('Contract type');
    await screenshot(emp.page, 'me-correction-filed.phone.en');

    // HR is told in chat, without the proposed value.
    const hrChat = await eventually(async () => (await chat('user_wuting')).find((e) => (e.title ?? '').includes('correction') || (e.text ?? '').includes('周婷')));
    expect(JSON.stringify(hrChat)).not.toContain(proposed);

    const hr = await openSession(fx.browser, fx.baseUrl, { ...PHONE, locale: 'en' });
    await hr.page.goto('/app/');
    await hr.page.getByRole('button', { name: 'English' }).click();
    await signInAs(hr.page, t('login.signInAs', { name: '吴婷' }), '吴婷');
    await hr.page.goto('/app/queue');
    await heading(hr.page, t('queue.title'));
    const row = hr.page.getByTestId('correction-request').filter({ hasText: '周婷' });
    await row.waitFor();
    expect(await row.textContent()).toContain(proposed);
    await row.scrollIntoViewIfNeeded();
    await screenshot(hr.page, 'hr-correction-queue.phone.en', false);
    await row.getByRole('button', { name: t('corrections.apply') }).click();
    await confirmDialog(hr.page);
    await eventually(async () => (await hr.page.getByTestId('correction-request').filter({ hasText: '周婷' }).count()) === 0);

    await emp.page.reload();
    await mine.getByTestId('my-correction').filter({ hasText: t('corrections.status.applied') }).waitFor();

    // The log has the request and its resolution by field, never the person's words.
    const auditor = await login('郑浩');
    const log = await auditor.request('GET', `/api/audit/entries?subjectId=${id('周婷')}&action=correction`);
    expect(log.status).toBe(200);
    expect(log.json.entries.map((e: { reasonCode: string }) => e.reasonCode).sort()).toEqual(['CORRECTION_APPLIED', 'CORRECTION_REQUESTED']);
    expect(log.text).not.toContain(proposed);
    expect(log.text).not.toContain('renewal');
    expect(emp.problems).toEqual([]);
    expect(hr.problems).toEqual([]);
    await emp.context.close();
    await hr.context.close();
  }, 150_000);
});
