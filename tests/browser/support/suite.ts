import { afterAll, beforeAll } from 'vitest';
import type { Browser } from 'playwright-core';
import type { ServerProcess } from '../../support/server-process.js';
import { CHROMIUM, HAS_CHROMIUM, launchChromium, WEB_BUILT } from './browser.js';
import { demoUsers, startDemoServer, type DemoUser } from './demo-server.js';

/**
 * The browser suites run only where a chromium binary exists (CI installs Debian's); without
 * one they are skipped with this message rather than failing on a missing browser.
 */
export const SKIP_REASON = HAS_CHROMIUM ? null : `browser tests skipped: no chromium at ${CHROMIUM} (apt-get install chromium, or set BOUNDARY_CHROMIUM)`;
if (SKIP_REASON) console.warn(SKIP_REASON);

/** Set to run against a server you already started (development); otherwise one is started. */
const EXTERNAL = process.env.BOUNDARY_BROWSER_BASE_URL;

export interface Fixture {
  baseUrl: string;
  browser: Browser;
  users: DemoUser[];
}

/** Starts the real server in demo mode (with `env` added) and chromium once per file; stops both after. */
export function useDemoServerAndBrowser(env: Record<string, string> = {}): Fixture {
  const fixture = {} as Fixture;
  let server: ServerProcess | undefined;
  beforeAll(async () => {
    if (!WEB_BUILT && !EXTERNAL) throw new Error('dist/web is missing: run `npm run build:web` (npm test builds it)');
    if (EXTERNAL) fixture.baseUrl = EXTERNAL.replace(/\/$/, '');
    else {
      server = await startDemoServer(env);
      fixture.baseUrl = server.baseUrl;
    }
    fixture.browser = await launchChromium();
    fixture.users = await demoUsers(fixture.baseUrl);
  }, 90_000);
  afterAll(async () => {
    await fixture.browser?.close();
    await server?.stop('SIGTERM');
  });
  return fixture;
}
