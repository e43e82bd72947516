import { describe, expect, it } from 'vitest';
import { seriousViolations } from './axe.js';
import { useServerAndBrowser } from './server.js';
import { signedInPage } from './session.js';

describe('accessibility (axe: no serious or critical violations)', () => {
  const env = useServerAndBrowser();

  it('sign-in page', async () => {
    const page = await (await env.browser.newContext({ locale: 'el-GR' })).newPage();
    await page.goto(`${env.server.url}/login`);
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
      const page = await signedInPage(env.browser, env.server.url, user);
      await page.goto(`${env.server.url}${path}`);
      await page.getByText(ready).first().waitFor();
      expect(await seriousViolations(page)).toEqual([]);
      await page.context().close();
    });
  }

  it('request page as department head', async () => {
    const page = await signedInPage(env.browser, env.server.url, 'tech.head');
    const { items } = await (await page.request.get(`${env.server.url}/api/requests?limit=1`)).json();
    await page.goto(`${env.server.url}/requests/${items[0].id}`);
    await page.getByText(items[0].protocolNumber).first().waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.context().close();
  });
});
