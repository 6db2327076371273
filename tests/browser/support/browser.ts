import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { ROOT } from '../../support/server-process.js';

/** Debian's chromium (CI installs it from apt); never a downloaded browser. */
export const CHROMIUM = process.env.BOUNDARY_CHROMIUM ?? '/usr/bin/chromium';
export const HAS_CHROMIUM = existsSync(CHROMIUM);
export const WEB_BUILT = existsSync(resolve(ROOT, 'dist/web/index.html'));
export const SCREENSHOTS = resolve(ROOT, 'test-artifacts/screenshots');

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Each launch gets a fresh temporary profile (playwright's default for `launch`). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
}

export const PHONE: BrowserContextOptions = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
  userAgent:
    'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Mobile Safari/537.36',
};
export const DESKTOP: BrowserContextOptions = { viewport: { width: 1280, height: 900 } };

export interface Session {
  readonly context: BrowserContext;
  readonly page: Page;
  /** CSP violations and uncaught page errors seen so far; a test expects none. */
  readonly problems: string[];
}

export async function openSession(browser: Browser, baseUrl: string, options: BrowserContextOptions): Promise<Session> {
  const context = await browser.newContext({ ...options, baseURL: baseUrl, acceptDownloads: true });
  // Fail fast with the locator in the message, well inside the test's own timeout.
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text())) problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  return { context, page, problems };
}

/** Saves `test-artifacts/screenshots/<name>.png` (git-ignored) for review. */
export async function screenshot(page: Page, name: string, fullPage = true): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: resolve(SCREENSHOTS, `${name}.png`), fullPage });
}
