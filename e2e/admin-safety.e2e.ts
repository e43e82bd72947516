/**
 * Administration safety in the browser: a mistyped placeholder is flagged at the field as it is
 * typed, the SMS encoding is a real setting the template preview follows, a bad tile address is
 * flagged at its field, and re-routing a category asks for confirmation with the count of open
 * requests it leaves where they are. axe on each state.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { seriousViolations } from './axe.js';
import { useServerAndBrowser } from './server.js';
import { signedInPage } from './session.js';

const SHOTS = process.env.E2E_SCREENSHOTS;
const shot = async (page: Page, name: string) => {
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/admin-${name}.png`, fullPage: true });
};

describe('administration safety', () => {
  const env = useServerAndBrowser();

  it('templates: {protocl} is an error at the field as it is typed, and Save is off', async () => {
    const page = await signedInPage(env.browser, env.server.url, 'admin');
    await page.goto(`${env.server.url}/admin/messages`);
    const body = page.getByLabel('Κείμενο');
    await body.waitFor();
    await body.fill('Δήμος: αρ. {protocl}. {link}');
    await page.getByText('Άγνωστο πεδίο {protocl}: μήπως εννοείτε {protocol};').waitFor();
    expect(await page.getByRole('button', { name: 'Αποθήκευση' }).isDisabled()).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, 'template-typo');
    await body.fill('Δήμος: αρ. {protocol}. {link}');
    expect(await page.getByRole('button', { name: 'Αποθήκευση' }).isDisabled()).toBe(false);
    await page.getByText(/UCS-2, 70 χαρακτήρες/).waitFor();
    await page.context().close();
  });

  it('settings: Greek SMS as capitals is saved, and the template preview follows it; a bad tile address is flagged at its field', async () => {
    const page = await signedInPage(env.browser, env.server.url, 'admin');
    await page.goto(`${env.server.url}/admin/settings`);
    await page.getByLabel('Ελληνικά κεφαλαία χωρίς τόνους').check();
    const tiles = page.getByLabel('Διεύθυνση υποβάθρου χάρτη (tiles)');
    await tiles.fill('javascript:alert(1)');
    await page.getByText(/Η διεύθυνση πρέπει να αρχίζει με https:\/\//).waitFor();
    expect(await page.getByRole('button', { name: 'Αποθήκευση' }).isDisabled()).toBe(true);
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, 'settings-bad-tiles');
    await tiles.fill('');
    await page.getByRole('button', { name: 'Αποθήκευση' }).click();
    await page.getByText('Οι αλλαγές αποθηκεύτηκαν.').waitFor();
    expect((await (await page.request.get(`${env.server.url}/api/settings`)).json()).smsGreekAsGsm7).toBe(true);

    await page.goto(`${env.server.url}/admin/messages`);
    await page.getByText(/κεφαλαία χωρίς τόνους \(GSM-7, 160/).waitFor();
    expect(await page.getByTestId('sms-length').textContent()).toMatch(/· 1 SMS · GSM-7/);
    expect(await page.getByTestId('template-preview').textContent()).toMatch(/^ΔHMOΣ HPAKΛEIOY: TO AITHMA ΣAΣ KATAXΩPIΣTHKE/);
    await page.context().close();
  });

  it('re-routing a category says how many open requests stay behind and asks first', async () => {
    const page = await signedInPage(env.browser, env.server.url, 'admin');
    await page.goto(`${env.server.url}/admin/categories`);
    const route = page.locator('input[aria-label^="Αρμόδια υπηρεσία για «Φθορές οδοστρώματος"]');
    await route.click();
    await page.getByRole('option', { name: 'Τμήμα Ηλεκτροφωτισμού' }).click();
    const dialog = page.getByRole('dialog', { name: 'Αλλαγή αρμόδιας υπηρεσίας' });
    await dialog.waitFor();
    expect(await dialog.getByTestId('routing-not-moved').textContent()).toMatch(/^\d+ ανοιχτ(ό αίτημα|ά αιτήματα) της κατηγορίας ΔΕΝ μετακιν(είται|ούνται)/);
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, 'routing-confirm');
    await dialog.getByRole('button', { name: 'Ακύρωση' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const categories = await (await page.request.get(`${env.server.url}/api/categories`)).json();
    const departments = await (await page.request.get(`${env.server.url}/api/departments`)).json();
    const road = categories.find((c: { code: string }) => c.code === 'road-damage');
    expect(departments.find((d: { id: string }) => d.id === road.departmentId).code).toBe('technical');
    await page.context().close();
  });
});
