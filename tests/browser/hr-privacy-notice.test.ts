import { describe, expect, it } from 'vitest';
import type { ChatEntry } from '../../bot/emulator/emulator-state.js';
import { zhCN } from '../../miniapp/web/src/i18n/zh-CN.js';
import { DESKTOP, openSession, screenshot } from './support/browser.js';
import { withRole } from './support/demo-server.js';
import { heading, mainNav } from './support/steps.js';
import { SKIP_REASON, useDemoServerAndBrowser } from './support/suite.js';

const ZH = '演示公司隐私声明（第 2 版）：新增生日祝福用途，仅在你同意后进行。';
const EN = 'Demo company privacy notice (v2): adds birthday greetings, only with your consent.';

describe.skipIf(SKIP_REASON !== null)('HR publishes a new privacy notice in the mini-app (desktop, zh-CN)', () => {
  const fx = useDemoServerAndBrowser();

  it('fills both languages, confirms, sees version 2 as current with version 1 kept, and Li is asked in chat', async () => {
    const hr = withRole(fx.users, 'hr_admin');
    const s = await openSession(fx.browser, fx.baseUrl, { ...DESKTOP, locale: 'zh-CN' });
    const { page } = s;
    await page.goto('/app/');
    await page.getByRole('button', { name: zhCN['login.signInAs'].replace('{name}', hr.name) }).click();
    await page.getByTestId('signed-in-as').filter({ hasText: hr.name }).waitFor();
    await mainNav(page, zhCN['nav.label']).getByRole('link', { name: zhCN['nav.notices'] }).click();
    await heading(page, zhCN['notices.title']);

    // One language missing: the page says so and publishes nothing.
    await page.getByRole('textbox', { name: zhCN['notices.textZh'] }).fill(ZH);
    await page.getByRole('button', { name: zhCN['notices.publish'] }).click();
    await page.getByText(zhCN['notices.bothRequired']).waitFor();

    await page.getByRole('textbox', { name: zhCN['notices.textEn'] }).fill(EN);
    await page.getByRole('button', { name: zhCN['notices.publish'] }).click();
    await page.getByText(zhCN['notices.confirm'].replace('{version}', '2')).waitFor();
    await page.getByRole('button', { name: '确定' }).click();
    await page.getByText(zhCN['notices.published'].replace('{version}', '2')).waitFor();
    await page.getByText(ZH).waitFor();
    await page.getByText(zhCN['notices.version'].replace('{version}', '1'), { exact: true }).waitFor();
    await screenshot(page, 'notices.published.desktop.zh-CN');
    expect(s.problems).toEqual([]);
    await s.context.close();

    // The rollout reaches Li's chat (the demo emulator) with the prompt card for version 2.
    const end = Date.now() + 20_000;
    let card: ChatEntry | undefined;
    while (!card && Date.now() < end) {
      const { entries } = (await (await fetch(`${fx.baseUrl}/dev/messenger/api/conversation?userId=user_lina`)).json()) as { entries: ChatEntry[] };
      card = entries.find((e) => e.kind === 'card' && e.outTrackId?.endsWith('-v2') && e.outTrackId.startsWith('consent-prompt-'));
      if (!card) await new Promise((r) => setTimeout(r, 100));
    }
    expect(card?.params?.title).toBe('请阅读隐私声明并选择同意项');
  }, 120_000);
});
