/** Signing in through the real form, as a person does. */
import type { Browser, Page } from 'playwright-core';
import { DEMO_PASSWORD } from './server.js';

export async function signedInPage(browser: Browser, baseUrl: string, username: string, viewport = { width: 1366, height: 768 }): Promise<Page> {
  const context = await browser.newContext({ viewport, locale: 'el-GR', timezoneId: 'Europe/Athens' });
  const page = await context.newPage();
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('Όνομα χρήστη').fill(username);
  await page.getByLabel('Κωδικός').fill(DEMO_PASSWORD);
  await page.keyboard.press('Enter');
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  return page;
}
