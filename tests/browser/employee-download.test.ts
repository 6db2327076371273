import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { en } from '../../miniapp/web/src/i18n/en.js';
import { PHONE, openSession, screenshot } from './support/browser.js';
import { heading, signInAs } from './support/steps.js';
import { SKIP_REASON, useDemoServerAndBrowser } from './support/suite.js';

describe.skipIf(SKIP_REASON !== null)('an employee downloads their data (phone, en)', () => {
  const fx = useDemoServerAndBrowser();

  it('gets a file with their own record from the Download button on My record', async () => {
    const li = fx.users.find((u) => u.name === '李娜') ?? fx.users.find((u) => u.roles.length === 1 && u.roles[0] === 'employee');
    const name = li?.name ?? '';
    const s = await openSession(fx.browser, fx.baseUrl, { ...PHONE, locale: 'en-US' });
    const { page } = s;
    await page.goto('/app/');
    await page.getByRole('button', { name: 'English' }).click();
    await signInAs(page, en['login.signInAs'].replace('{name}', name), name);
    await heading(page, en['me.title']);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: en['me.download'] }).tap()]);
    const exported = readFileSync(await download.path(), 'utf8');
    expect(exported).toContain(li?.id);
    expect(exported).toContain(name);
    await screenshot(page, 'me-download.phone.en', false);
    expect(s.problems).toEqual([]);
    await s.context.close();
  }, 90_000);
});
