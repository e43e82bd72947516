import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useServerAndBrowser } from './server.js';
import { signedInPage } from './session.js';

/** Ids of open technical requests in the demo data, newest first, read through the API as the user. */
async function technicalRequests(page: Page, base: string): Promise<{ id: string; protocolNumber: string }[]> {
  const res = await page.request.get(`${base}/api/requests?status=registered&limit=20`);
  return (await res.json()).items;
}

async function pickOption(page: Page, label: string, optionText: string) {
  await page.getByLabel(label).first().click();
  await page.getByRole('option', { name: optionText }).click();
}

describe('department staff at work', () => {
  const env = useServerAndBrowser();

  it('forwards one request and resolves another; the timelines show both', async () => {
    const page = await signedInPage(env.browser, env.server.url, 'tech.head');
    const [toForward, toResolve] = await technicalRequests(page, env.server.url);
    expect(toForward && toResolve).toBeTruthy();

    // Resolve, with a note for the citizen.
    await page.goto(`${env.server.url}/requests/${toResolve!.id}`);
    await page.getByText(toResolve!.protocolNumber).first().waitFor();
    await pickOption(page, 'Νέα κατάσταση', 'Ολοκληρώθηκε');
    await page.getByLabel('Σημείωση για τον δημότη').fill('Επισκευάστηκε από το συνεργείο.');
    await page.locator('button[type=submit]', { hasText: 'Αλλαγή κατάστασης' }).click();
    // The timeline now holds the change and the note the citizen will see.
    await expect.poll(() => page.locator('main').textContent(), { timeout: 10_000 }).toMatch(/Ολοκληρώθηκε[\s\S]*Επισκευάστηκε από το συνεργείο\./);
    await expect.poll(async () => (await page.request.get(`${env.server.url}/api/requests/${toResolve!.id}`).then((r) => r.json())).status).toBe('resolved');

    // Forward to Green Spaces, with the reason.
    await page.goto(`${env.server.url}/requests/${toForward!.id}`);
    await page.getByText(toForward!.protocolNumber).first().waitFor();
    await page.getByRole('button', { name: 'Διαβίβαση σε άλλη υπηρεσία' }).click();
    await page.getByPlaceholder('Επιλέξτε υπηρεσία').click();
    await page.getByRole('option', { name: 'Τμήμα Πρασίνου' }).click();
    await page.getByLabel('Αιτιολογία').fill('Αφορά δέντρο σε πάρκο.');
    await page.locator('button[type=submit]', { hasText: /^Διαβίβαση$/ }).click();
    // The request has left the head's departments: the app goes back to the inbox.
    await page.waitForURL('**/inbox', { timeout: 10_000 });
    await page.context().close();

    // A supervisor sees both timelines: the resolution and the forward with its reason.
    const supervisor = await signedInPage(env.browser, env.server.url, 'supervisor');
    await supervisor.goto(`${env.server.url}/requests/${toForward!.id}`);
    await expect.poll(() => supervisor.locator('main').textContent(), { timeout: 10_000 }).toContain('Αφορά δέντρο σε πάρκο.');
    expect(await supervisor.locator('main').textContent()).toMatch(/Διαβίβαση: Τεχνική Υπηρεσία → Τμήμα Πρασίνου/);
    await supervisor.goto(`${env.server.url}/requests/${toResolve!.id}`);
    await expect.poll(() => supervisor.locator('main').textContent(), { timeout: 10_000 }).toContain('Επισκευάστηκε από το συνεργείο.');
    await supervisor.context().close();
  });

  it("does not open another department's request by URL", async () => {
    const head = await signedInPage(env.browser, env.server.url, 'tech.head');
    const [technical] = await technicalRequests(head, env.server.url);
    await head.context().close();

    const lighting = await signedInPage(env.browser, env.server.url, 'light.staff');
    await lighting.goto(`${env.server.url}/requests/${technical!.id}`);
    await lighting.getByText('Το αίτημα δεν βρέθηκε').waitFor();
    const text = (await lighting.locator('main').textContent()) ?? '';
    expect(text).not.toContain(technical!.protocolNumber);
    const api = await lighting.request.get(`${env.server.url}/api/requests/${technical!.id}`);
    expect(api.status()).toBe(404);
    await lighting.context().close();
  });
});
