import type { Page } from 'playwright-core';

/** Signs in on the demo login page by clicking the person's entry (its accessible name). */
export async function signInAs(page: Page, label: string, name: string): Promise<void> {
  await page.goto('/app/');
  await page.getByRole('button', { name: label }).click();
  await page.getByTestId('signed-in-as').filter({ hasText: name }).waitFor();
}

/** The visible main navigation (side bar on desktop, tab bar on a phone). */
export const mainNav = (page: Page, label: string) => page.getByRole('navigation', { name: label });

export async function heading(page: Page, text: string): Promise<void> {
  await page.getByRole('heading', { level: 1, name: text }).waitFor();
}
