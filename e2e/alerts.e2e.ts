/**
 * Staff alerts in the browser: the menu's counts change when another user registers a request
 * (pushed over /api/events, no reload, no polling), and the alert preferences screen saves by
 * keyboard; axe finds no serious or critical violation on either.
 */
import { describe, expect, it } from 'vitest';
import { seriousViolations } from './axe.js';
import { useServerAndBrowser } from './server.js';
import { signedInPage } from './session.js';

const SHOTS = process.env.E2E_SHOTS_DIR;

describe('staff alerts in the app', () => {
  const env = useServerAndBrowser();

  it('the inbox count in the menu goes up when a request arrives, without a reload', async () => {
    const page = await signedInPage(env.browser, env.server.url, 'tech.head');
    await page.goto(`${env.server.url}/inbox`);
    const badge = page.getByTestId('menu-inbox-count');
    await badge.waitFor();
    const before = Number(await badge.textContent());
    let polled = 0;
    page.on('request', (r) => void (r.url().includes('/api/menu-counts') && polled++));
    // Another user, another browser: the operator registers a road-damage request (technical).
    const operator = await signedInPage(env.browser, env.server.url, 'operator');
    const categories = await (await operator.request.get(`${env.server.url}/api/categories`)).json();
    const road = categories.find((c: { code: string }) => c.code === 'road-damage');
    const csrf = (await (await operator.request.get(`${env.server.url}/api/auth/me`)).json()).csrfToken;
    const res = await operator.request.post(`${env.server.url}/api/requests`, {
      headers: { 'x-csrf-token': csrf },
      data: { channel: 'phone', categoryId: road.id, description: 'Λακκούβα', citizen: { fullName: 'Ελένη Μ.', phone: '6944000123' } },
    });
    expect(res.status()).toBe(201);
    await expect.poll(async () => Number(await badge.textContent()), { timeout: 10_000 }).toBe(before + 1);
    expect(polled).toBe(1); // fetched once, because the server said so
    await expect.poll(() => page.getByRole('link', { name: /^Εισερχόμενα[^:]*: \d+ νέα ή διαβιβασμένα αιτήματα$/ }).count()).toBe(1);
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/menu-counts-1366.png` });
    expect(await seriousViolations(page)).toEqual([]);
    await operator.context().close();
    await page.context().close();
  });

  it('the alert preferences screen: reached from the header, saved by keyboard, kept', async () => {
    const page = await signedInPage(env.browser, env.server.url, 'tech.head');
    await page.getByRole('link', { name: 'Ειδοποιήσεις' }).click();
    await page.getByRole('heading', { name: 'Ειδοποιήσεις με e-mail' }).waitFor();
    await page.mouse.move(600, 700); // off the header link it clicked (axe judges the page at rest)
    const digest = page.getByRole('switch', { name: 'Πρωινή σύνοψη' });
    expect(await digest.isChecked()).toBe(true);
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/alert-preferences-1366.png` });
    expect(await seriousViolations(page)).toEqual([]);
    await digest.focus();
    await page.keyboard.press('Space');
    await page.getByRole('button', { name: 'Αποθήκευση' }).focus();
    await page.keyboard.press('Enter');
    await page.getByText('Οι επιλογές σας αποθηκεύτηκαν.').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.reload();
    await page.getByRole('heading', { name: 'Ειδοποιήσεις με e-mail' }).waitFor();
    expect(await page.getByRole('switch', { name: 'Πρωινή σύνοψη' }).isChecked()).toBe(false);
    expect(await page.getByRole('switch', { name: 'Επείγοντα αιτήματα' }).isChecked()).toBe(true);
    await page.setViewportSize({ width: 390, height: 844 });
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/alert-preferences-390.png`, fullPage: true });
    expect(await seriousViolations(page)).toEqual([]);
    await page.context().close();
  });
});
