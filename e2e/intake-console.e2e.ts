/**
 * The operator's console as an operator in a hurry uses it: a call in progress survives leaving the
 * page, opening an earlier request, a reload and an ended session; the picker finds by the caller's
 * words; problems show beside their fields; shortcuts work on the Greek layout; nearby open
 * requests can take the call; the operator learns whether the citizen gets a message.
 */
import { sql } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { seriousViolations } from './axe.js';
import { DEMO_PASSWORD, useServerAndBrowser } from './server.js';
import { signedInPage } from './session.js';

const SHOTS = process.env.E2E_SCREENSHOTS; // a directory: screenshots for a person to look at

async function shot(page: Page, name: string): Promise<void> {
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

const focusedTestId = (page: Page) => page.evaluate(() => document.activeElement?.closest('[data-testid]')?.getAttribute('data-testid') ?? document.activeElement?.getAttribute('data-testid'));

/** A key event as the Greek layout sends it: the character of the Greek key, the position of the Latin one. */
async function pressGreek(page: Page, key: string, code: string, mods: { altKey?: boolean } = {}): Promise<void> {
  await page.evaluate(({ key, code, mods }) => {
    const target = document.activeElement ?? document.body;
    target.dispatchEvent(new KeyboardEvent('keydown', { key, code, bubbles: true, cancelable: true, ...mods }));
  }, { key, code, mods });
}

async function pickCategory(page: Page, words: string): Promise<void> {
  await page.getByTestId('category').click();
  await page.getByTestId('category').fill(words);
  await page.keyboard.press('Enter');
}

describe('the operator’s console', () => {
  const env = useServerAndBrowser();

  it('picks tree pruning for "κλαδ", keeps a chosen category when it is typed over, and offers the general request when nothing matches', async () => {
    const page = await signedInPage(env.browser, env.server.url, 'operator');
    await page.waitForURL('**/intake');
    await pickCategory(page, 'κλαδ');
    await expect.poll(() => page.getByTestId('category').inputValue()).toBe('Κλάδεμα, κοπή και φύτευση δέντρων');
    // Typing the chosen category's first letters again and pressing Enter keeps it (it used to clear it).
    await page.getByTestId('category').fill('Κλάδ');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    expect(await page.getByTestId('category').inputValue()).toBe('Κλάδεμα, κοπή και φύτευση δέντρων');
    await pickCategory(page, 'ζζζ');
    expect(await page.getByTestId('category').inputValue()).toBe('Γενικό αίτημα');
    await page.context().close();
  });

  it('shows problems beside their fields, in Greek, with no browser bubbles', async () => {
    const page = await signedInPage(env.browser, env.server.url, 'operator');
    await page.waitForURL('**/intake');
    await page.getByTestId('caller-phone').waitFor();
    expect(await page.locator('form:not([novalidate])').count()).toBe(0);
    expect(await page.locator('[required]').count()).toBe(0);
    // A number that cannot be Greek is flagged as it is typed.
    await page.getByTestId('caller-phone').fill('5');
    await expect.poll(() => page.getByText('Οι ελληνικοί αριθμοί αρχίζουν από 69 (κινητό) ή 2 (σταθερό).').count()).toBe(1);
    await page.getByTestId('caller-phone').fill('6971234321');
    await expect.poll(() => page.getByText('Κινητό', { exact: true }).count()).toBe(1);
    // Ctrl+Enter without a category says so at the category field and puts the focus there.
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => page.getByText('Επιλέξτε είδος αιτήματος.').count()).toBe(1);
    expect(await focusedTestId(page)).toBe('category');
    await shot(page, 'console-errors-1366');
    expect(JSON.stringify(await seriousViolations(page))).toBe('[]');
    // The server's verdict on the e-mail is shown at the e-mail field, in Greek.
    await page.getByLabel('E-mail', { exact: true }).fill('maria@');
    await pickCategory(page, 'λακκ');
    await page.getByRole('textbox', { name: /^Περιγραφή/ }).fill('Λακκούβα');
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => page.getByText('Το e-mail δεν είναι έγκυρο.').count()).toBe(1);
    expect(await page.locator('main').textContent()).not.toMatch(/Invalid|expected|email:/);
    await page.context().close();
  });

  it('keeps the call through an earlier request opened beside it, another page and a reload; the history shows the new request at once', async () => {
    const page = await signedInPage(env.browser, env.server.url, 'operator');
    await page.waitForURL('**/intake');
    await page.getByTestId('caller-phone').fill('6944123456'); // demo citizen Γιάννης Μανουσάκης
    const panel = page.getByTestId('caller-panel');
    await expect.poll(() => panel.textContent(), { timeout: 10_000 }).toContain('Μανουσάκης');
    await pickCategory(page, 'κλαδ');
    await page.getByRole('textbox', { name: /^Περιγραφή/ }).fill('Ξερό κλαδί πάνω από την παιδική χαρά');
    await page.getByLabel('Διεύθυνση και σαφής περιγραφή σημείου').fill('Πάροδος Ικάρου 3');
    await page.getByRole('button', { name: 'Σημείο στον χάρτη (προαιρετικό)' }).click();
    await page.locator('.leaflet-container').waitFor();
    await shot(page, 'console-history-map-1366');
    expect(JSON.stringify(await seriousViolations(page))).toBe('[]');
    await page.setViewportSize({ width: 1920, height: 1080 });
    await shot(page, 'console-history-map-1920');
    await page.setViewportSize({ width: 1366, height: 768 });

    // An earlier request opens in a side panel; the form stays.
    const first = panel.getByRole('button', { name: /^Άνοιγμα του αιτήματος/ }).first();
    await first.click();
    const drawer = page.getByRole('dialog');
    await expect.poll(() => drawer.textContent(), { timeout: 10_000 }).toMatch(/Ιστορικό|Καταχωρ/);
    await shot(page, 'console-peek-1366');
    expect(JSON.stringify(await seriousViolations(page))).toBe('[]');
    await page.keyboard.press('Escape');
    expect(await page.getByRole('textbox', { name: /^Περιγραφή/ }).inputValue()).toBe('Ξερό κλαδί πάνω από την παιδική χαρά');

    // Another page and back; then a reload.
    await page.getByRole('link', { name: 'Αιτήματα' }).click();
    await page.waitForURL('**/requests');
    await page.getByRole('link', { name: 'Νέα κλήση' }).click();
    await page.waitForURL('**/intake');
    expect(await page.getByRole('textbox', { name: /^Περιγραφή/ }).inputValue()).toBe('Ξερό κλαδί πάνω από την παιδική χαρά');
    await page.reload();
    await page.getByTestId('draft-restored').waitFor();
    expect(JSON.stringify(await seriousViolations(page))).toBe('[]');
    expect(await page.getByTestId('caller-phone').inputValue()).toBe('6944123456');
    expect(await page.getByTestId('category').inputValue()).toBe('Κλάδεμα, κοπή και φύτευση δέντρων');
    expect(await page.getByLabel('Διεύθυνση και σαφής περιγραφή σημείου').inputValue()).toBe('Πάροδος Ικάρου 3');

    // Registered: the next call by the same caller shows the new request at once.
    await page.keyboard.press('Control+Enter');
    const protocol = (await page.getByTestId('protocol-number').textContent()) ?? '';
    expect(protocol).toMatch(/^\d{4}\/\d{6}$/);
    // The draft went with the registration: nothing of the call is left in the browser's storage.
    expect(await page.evaluate(() => Object.keys(sessionStorage).filter((k) => k.startsWith('dimotis.draft.')))).toEqual([]);
    // The same caller rings again at once: their history already holds the request just registered
    // (the look-up of this number was fetched a moment before, and is not kept stale).
    await page.keyboard.press('Alt+N');
    await page.getByTestId('caller-phone').fill('6944123456');
    await expect.poll(() => panel.textContent(), { timeout: 3_000 }).toContain(protocol);
    await page.context().close();
  });

  it('signs in again in a dialog over the form when the session has ended, and registers the call once', async () => {
    const page = await signedInPage(env.browser, env.server.url, 'operator');
    await page.waitForURL('**/intake');
    const description = `Καμένη λάμπα ${Date.now()}`;
    await page.getByTestId('caller-phone').fill('6970000111');
    await page.getByLabel('Ονοματεπώνυμο').fill('Ειρήνη Δασκαλάκη');
    await pickCategory(page, 'φωτ');
    await page.getByRole('textbox', { name: /^Περιγραφή/ }).fill(description);
    // The session ends on the server (expired, or signed out elsewhere).
    await env.server.database.db.execute(sql`delete from sessions`);
    await page.keyboard.press('Control+Enter');
    const password = page.getByTestId('reauth-password');
    await password.waitFor();
    await page.waitForTimeout(400); // the dialog's opening transition
    await shot(page, 'console-session-dialog-1366');
    expect(JSON.stringify(await seriousViolations(page))).toBe('[]');
    await password.fill(DEMO_PASSWORD);
    await page.keyboard.press('Enter');
    const protocol = (await page.getByTestId('protocol-number').textContent({ timeout: 10_000 })) ?? '';
    expect(protocol).toMatch(/^\d{4}\/\d{6}$/);
    const { items } = await (await page.request.get(`${env.server.url}/api/requests?q=${encodeURIComponent(description)}`)).json();
    expect(items.map((r: { protocolNumber: string }) => r.protocolNumber)).toEqual([protocol]);
    await page.context().close();
  });

  it('Alt+N from the Greek layout (key "ν", code KeyN) starts the next call, asking first when a call is being typed', async () => {
    const page = await signedInPage(env.browser, env.server.url, 'operator');
    await page.waitForURL('**/intake');
    await page.getByTestId('caller-phone').fill('6944');
    await pressGreek(page, 'ν', 'KeyN', { altKey: true });
    const discard = page.getByRole('button', { name: 'Σβήσιμο και νέα κλήση' });
    await discard.waitFor();
    await page.waitForTimeout(400); // the dialog's opening transition
    expect(JSON.stringify(await seriousViolations(page))).toBe('[]');
    await discard.click();
    await expect.poll(() => page.getByTestId('caller-phone').inputValue()).toBe('');
    expect(await focusedTestId(page)).toBe('caller-phone');

    // After a registration no question: straight to the next call.
    await page.getByTestId('caller-phone').fill('6971112223');
    await page.getByLabel('Θέλει ενημέρωση με SMS').check();
    await pickCategory(page, 'λακκ');
    await page.getByRole('textbox', { name: /^Περιγραφή/ }).fill('Λακκούβα στη στροφή');
    await page.keyboard.press('Control+Enter');
    await page.getByTestId('protocol-number').waitFor();
    // The operator is told what the citizen will get, and that no provider sends it here.
    const notice = (await page.getByTestId('message-notice').textContent()) ?? '';
    expect(notice).toContain('Θα σταλεί SMS στο 6971112223');
    expect(notice).toContain('Δεν έχει ρυθμιστεί πάροχος SMS');
    await shot(page, 'console-registered-1366');
    expect(JSON.stringify(await seriousViolations(page))).toBe('[]');
    await pressGreek(page, 'ν', 'KeyN', { altKey: true });
    await expect.poll(() => focusedTestId(page)).toBe('caller-phone');
    await page.context().close();
  });

  it('j/k and / of the request list work from the Greek layout', async () => {
    const page = await signedInPage(env.browser, env.server.url, 'operator');
    await page.goto(`${env.server.url}/requests`);
    await page.getByText('Αρ. πρωτ.').first().waitFor();
    await page.locator('main h1').click();
    await pressGreek(page, 'ξ', 'KeyJ');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id ?? '')).toMatch(/^row-/);
    await page.locator('main h1').click();
    await pressGreek(page, '/', 'Slash');
    await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe('INPUT');
    await page.context().close();
  });

  it('shows open requests of the same kind on the same street, and links the call to one instead of a duplicate', async () => {
    const page = await signedInPage(env.browser, env.server.url, 'operator');
    await page.waitForURL('**/intake');
    const categories = await (await page.request.get(`${env.server.url}/api/categories`)).json();
    const trees = categories.find((c: { code: string }) => c.code === 'trees').id;
    const csrf = (await (await page.request.get(`${env.server.url}/api/auth/me`)).json()).csrfToken;
    const existing = await (await page.request.post(`${env.server.url}/api/requests`, {
      headers: { 'x-csrf-token': csrf },
      data: { channel: 'phone', categoryId: trees, description: 'Πεσμένο δέντρο στο πεζοδρόμιο', addressText: 'Οδός Καλοκαιρινού 120' },
    })).json();

    await page.getByTestId('caller-phone').fill('6977777001');
    await page.getByLabel('Ονοματεπώνυμο').fill('Κώστας Μ.');
    await pickCategory(page, 'δεντρ');
    await page.getByRole('textbox', { name: /^Περιγραφή/ }).fill('Ένα δέντρο έπεσε');
    await page.getByLabel('Διεύθυνση και σαφής περιγραφή σημείου').fill('Καλοκαιρινού 98');
    const nearby = page.getByTestId('nearby');
    await expect.poll(() => nearby.textContent(), { timeout: 10_000 }).toContain(existing.protocolNumber);
    await shot(page, 'console-nearby-1366');
    expect(JSON.stringify(await seriousViolations(page))).toBe('[]');
    await nearby.getByRole('button', { name: 'Σύνδεση κλήσης' }).first().click();
    await expect.poll(() => page.getByTestId('protocol-number').textContent()).toBe(existing.protocolNumber);
    const detail = await (await page.request.get(`${env.server.url}/api/requests/${existing.id}`)).json();
    const contact = detail.timeline.find((e: { kind: string }) => e.kind === 'citizen_contact');
    expect(contact.body).toContain('Κώστας Μ., 6977777001');
    expect(contact.data).toMatchObject({ method: 'phone', direction: 'incoming' });
    await page.context().close();
  });

  it('no form anywhere leaves checking to the browser (its bubbles speak the browser’s language)', async () => {
    const page = await signedInPage(env.browser, env.server.url, 'admin');
    const { items } = await (await page.request.get(`${env.server.url}/api/requests?limit=1`)).json();
    for (const [path, ready] of [[`/requests/${items[0].id}`, 'Ιστορικό'], ['/admin/settings', 'Όνομα δήμου'], ['/admin/users', 'operator'], ['/intake', 'Τηλέφωνο καλούντος']] as const) {
      await page.goto(`${env.server.url}${path}`);
      await page.getByText(ready).first().waitFor();
      expect(await page.locator('form:not([novalidate])').count(), path).toBe(0);
    }
    await page.context().close();
  });
});
