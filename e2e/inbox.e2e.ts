/**
 * The department head's day: the inbox puts overdue and urgent requests first with the one-click
 * counts, fits 1366 px, confirms a bulk change that will message citizens, and a ready reply is
 * picked by keyboard on the request page. axe runs on each of these states.
 */
import { eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { categories, users } from '../src/server/db/schema.js';
import { loadActor } from '../src/server/modules/auth/auth.service.js';
import { workingCalendar } from '../src/server/modules/calendar/working-days.js';
import { createRequest } from '../src/server/modules/requests/requests.service.js';
import { seriousViolations } from './axe.js';
import { useServerAndBrowser } from './server.js';
import { signedInPage } from './session.js';

const DAY = 86_400_000;
const shots = process.env.E2E_SCREENSHOTS;

/** Technical requests that need attention: two overdue (one urgent), one urgent due later. */
async function seedTriage(env: ReturnType<typeof useServerAndBrowser>): Promise<Record<'overdueUrgent' | 'overdue' | 'urgent', string>> {
  const db = env.server.database.db;
  const [op] = await db.select({ id: users.id }).from(users).where(eq(users.username, 'operator'));
  const actor = (await loadActor(db, op!.id))!;
  const [road] = await db.select({ id: categories.id }).from(categories).where(eq(categories.code, 'road-damage'));
  const calendar = workingCalendar([]);
  const make = async (daysAgo: number, priority: 'urgent' | 'normal', description: string) => {
    const r = await createRequest(db, actor, {
      channel: 'phone', categoryId: road!.id, description, priority, addressText: 'Οδός Δαιδάλου 5',
      citizen: { fullName: 'Ροδάνθη Κατσαράκη', phone: '6947001122', smsConsent: true },
    }, { now: new Date(Date.now() - daysAgo * DAY), calendar, phoneRegion: 'GR' });
    return r.request.protocolNumber;
  };
  return {
    overdue: await make(30, 'normal', 'Υποχώρηση πεζοδρομίου δίπλα στη στάση λεωφορείου.'),
    overdueUrgent: await make(25, 'urgent', 'Ανοιχτό φρεάτιο χωρίς κάλυμμα σε σχολική διαδρομή.'),
    urgent: await make(0, 'urgent', 'Πεσμένο κιγκλίδωμα στη γέφυρα, κίνδυνος για πεζούς.'),
  };
}

const rowProtocols = (page: Page) => page.locator('tbody tr td:nth-child(2) a').allTextContents();

describe("the department head's inbox", () => {
  const env = useServerAndBrowser();
  let seeded: Awaited<ReturnType<typeof seedTriage>>;
  beforeAll(async () => {
    seeded = await seedTriage(env);
  });

  it('lists overdue and urgent first, with the counts as one-click views', async () => {
    const page = await signedInPage(env.browser, env.server.url, 'tech.head');
    await page.goto(`${env.server.url}/inbox`);
    await page.getByText(seeded.overdue).first().waitFor();
    const order = await rowProtocols(page);
    expect(order.slice(0, 3)).toEqual([seeded.overdueUrgent, seeded.overdue, seeded.urgent]);
    // Working days late, in words, on the overdue rows.
    await expect.poll(() => page.locator('tbody tr').first().textContent()).toMatch(/\d+ εργάσιμες ημέρες καθυστέρηση/);

    const counts = await (await page.request.get(`${env.server.url}/api/requests/triage-counts`)).json();
    expect(counts).toMatchObject({ overdue: 2, urgent: 2 });
    const overdueView = page.locator('[data-view=overdue]');
    await expect.poll(() => overdueView.textContent()).toBe('Εκπρόθεσμα2');
    await expect.poll(() => page.locator('[data-view=urgent]').textContent()).toBe('Επείγοντα2');
    await overdueView.click();
    await page.waitForURL(/overdue=true/);
    await expect.poll(() => rowProtocols(page)).toEqual([seeded.overdueUrgent, seeded.overdue]);
    expect(await overdueView.getAttribute('aria-pressed')).toBe('true');

    // At 1366 px the whole table is on screen: the assignee column is not cut off.
    const header = page.getByRole('columnheader', { name: 'Ανάθεση' });
    const box = await header.boundingBox();
    expect(box && box.x + box.width).toBeLessThanOrEqual(1366);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1366);
    if (shots) await page.screenshot({ path: `${shots}/inbox-overdue-1366.png`, fullPage: true });
    await page.context().close();
  });

  it('asks before a bulk change messages citizens, and says at the field when a note is required', async () => {
    const page = await signedInPage(env.browser, env.server.url, 'tech.head');
    await page.goto(`${env.server.url}/inbox`);
    await page.getByText(seeded.overdue).first().waitFor();
    await page.getByLabel(`Επιλογή αιτήματος ${seeded.overdue}`).check();
    await page.getByLabel(`Επιλογή αιτήματος ${seeded.urgent}`).check();

    await page.getByRole('combobox', { name: 'Αλλαγή κατάστασης σε…' }).click();
    await page.getByRole('option', { name: 'Εκτός αρμοδιότητας Δήμου' }).click();
    await page.getByRole('button', { name: 'Εφαρμογή' }).nth(1).click();
    await page.getByText('Γράψτε σημείωση για τον δημότη: είναι υποχρεωτική για αυτή την κατάσταση.').waitFor();

    await page.getByRole('combobox', { name: 'Αλλαγή κατάστασης σε…' }).click();
    await page.getByRole('option', { name: 'Ολοκληρώθηκε' }).click();
    await page.getByRole('button', { name: 'Εφαρμογή' }).nth(1).click();
    const dialog = page.getByRole('dialog', { name: 'Επιβεβαίωση αλλαγής' });
    await dialog.getByText('1 δημότης θα λάβει SMS.').waitFor();
    expect(await dialog.textContent()).toContain('Θα αλλάξουν 2 αιτήματα σε «Ολοκληρώθηκε».');
    expect(await seriousViolations(page)).toEqual([]);
    if (shots) await page.screenshot({ path: `${shots}/inbox-confirm-1366.png` });
    await dialog.getByRole('button', { name: 'Ακύρωση' }).click();
    // Nothing changed: both still listed and selected.
    expect(await page.getByLabel(`Επιλογή αιτήματος ${seeded.urgent}`).isChecked()).toBe(true);
    await page.context().close();
  });

  it('picks a ready reply by keyboard on the request page', async () => {
    const page = await signedInPage(env.browser, env.server.url, 'tech.head');
    const departments = await (await page.request.get(`${env.server.url}/api/departments`)).json();
    const technical = departments.find((d: { code: string }) => d.code === 'technical');
    const me = await (await page.request.get(`${env.server.url}/api/auth/me`)).json();
    await page.goto(`${env.server.url}/inbox/replies`);
    await page.getByLabel('Τίτλος').fill('Προγραμματισμός συνεργείου');
    await page.getByLabel('Χρήση').getByText('Σημείωση αλλαγής κατάστασης').click();
    await page.getByRole('textbox', { name: 'Κείμενο' }).fill('Το αίτημα {protocl} θα εξεταστεί.');
    await page.getByText('Άγνωστα πεδία: {protocl}', { exact: false }).waitFor();
    await page.getByRole('textbox', { name: 'Κείμενο' }).fill('Το συνεργείο θα επισκεφθεί την {address} έως {due_date} (αίτημα {protocol}).');
    await page.getByRole('button', { name: 'Προσθήκη', exact: true }).click();
    await page.getByRole('cell', { name: 'Προγραμματισμός συνεργείου', exact: true }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    expect(me.departmentIds ?? [technical.id]).toContain(technical.id);

    const list = await (await page.request.get(`${env.server.url}/api/requests?q=${encodeURIComponent(seeded.urgent)}`)).json();
    await page.goto(`${env.server.url}/requests/${list.items[0].id}`);
    await page.getByText(seeded.urgent).first().waitFor();
    const picker = page.getByRole('textbox', { name: 'Έτοιμη απάντηση' });
    await picker.click();
    await picker.pressSequentially('συνεργ');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    const note = page.getByRole('textbox', { name: 'Σημείωση για τον δημότη' });
    await expect.poll(() => note.inputValue()).toMatch(new RegExp(`^Το συνεργείο θα επισκεφθεί την Οδός Δαιδάλου 5 έως \\d\\d/\\d\\d/\\d{4} \\(αίτημα ${seeded.urgent.replace('/', '\\/')}\\)\\.$`));
    expect(await seriousViolations(page)).toEqual([]);
    if (shots) await page.screenshot({ path: `${shots}/request-page-1366.png`, fullPage: true });
    await page.context().close();
  });

  const screens: [user: string, path: string, ready: (s: typeof seeded) => string, name: string][] = [
    ['tech.head', '/inbox', (s) => s.overdue, 'inbox with overdue rows'],
    ['operator', '/requests?group=open&sort=triage', (s) => s.overdueUrgent, 'request list with priority badges'],
    ['admin', '/outbox', () => 'Μηνύματα', 'outbox'],
  ];
  for (const [user, path, ready, name] of screens) {
    it(`axe: ${name}`, async () => {
      const page = await signedInPage(env.browser, env.server.url, user);
      await page.goto(`${env.server.url}${path}`);
      await page.getByText(ready(seeded)).first().waitFor();
      await page.waitForLoadState('networkidle');
      expect(await seriousViolations(page)).toEqual([]);
      if (shots) await page.screenshot({ path: `${shots}/${name.replace(/\W+/g, '-')}-1366.png`, fullPage: true });
      await page.context().close();
    });
  }

  it('axe: the request page of an overdue urgent request', async () => {
    const page = await signedInPage(env.browser, env.server.url, 'tech.head');
    const list = await (await page.request.get(`${env.server.url}/api/requests?q=${encodeURIComponent(seeded.overdueUrgent)}`)).json();
    await page.goto(`${env.server.url}/requests/${list.items[0].id}`);
    await page.getByText(seeded.overdueUrgent).first().waitFor();
    await page.waitForLoadState('networkidle');
    expect(await seriousViolations(page)).toEqual([]);
    await page.context().close();
  });
});
