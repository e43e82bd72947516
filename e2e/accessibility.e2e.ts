import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from './axe.js';
import { launchBrowser } from './browser.js';
import { startServer, type E2EServer } from './server.js';
import { signedInPage } from './session.js';

describe('accessibility (axe: no serious or critical violations)', () => {
  let server: E2EServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('sign-in page', async () => {
    const page = await (await browser.newContext({ locale: 'el-GR' })).newPage();
    await page.goto(`${server.url}/login`);
    await page.getByLabel('Όνομα χρήστη').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.context().close();
  });

  const pages: [user: string, path: string, ready: string][] = [
    ['operator', '/intake', 'Τηλέφωνο καλούντος'],
    ['operator', '/requests', 'Αρ. πρωτ.'],
    ['tech.head', '/inbox', 'Αρ. πρωτ.'],
    ['admin', '/admin/departments', 'Τεχνική Υπηρεσία'],
    ['admin', '/admin/users', 'operator'],
  ];
  for (const [user, path, ready] of pages) {
    it(`${path} as ${user}`, async () => {
      const page = await signedInPage(browser, server.url, user);
      await page.goto(`${server.url}${path}`);
      await page.getByText(ready).first().waitFor();
      expect(await seriousViolations(page)).toEqual([]);
      await page.context().close();
    });
  }

  it('request page as department head', async () => {
    const page = await signedInPage(browser, server.url, 'tech.head');
    const { items } = await (await page.request.get(`${server.url}/api/requests?limit=1`)).json();
    await page.goto(`${server.url}/requests/${items[0].id}`);
    await page.getByText(items[0].protocolNumber).first().waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.context().close();
  });
});
