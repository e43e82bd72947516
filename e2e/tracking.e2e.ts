/**
 * The citizens' tracking page on a phone (390×844): the SMS link puts the cursor in the digits
 * field, a bare number means this year's, the result tells one request from another, and every
 * state passes axe.
 */
import { sql } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { queryRows } from '../src/server/db/client.js';
import { seriousViolations } from './axe.js';
import { useServerAndBrowser } from './server.js';

const SHOTS = process.env.E2E_SCREENSHOTS;

describe('/track on a phone', () => {
  const env = useServerAndBrowser();
  const phonePage = async (): Promise<Page> => (await env.browser.newContext({ locale: 'el-GR', viewport: { width: 390, height: 844 }, deviceScaleFactor: 1 })).newPage();
  const shot = async (page: Page, name: string) => {
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/track-${name}.png`, fullPage: true });
  };
  /** A demo request of this year with a citizen's phone and an address. */
  const demoRequest = async () => {
    const [r] = await queryRows<{ protocol_year: number; protocol_seq: number; phone: string }>(env.server.database.db, sql`
      select r.protocol_year, r.protocol_seq, c.phone from requests r join citizens c on c.id = r.citizen_id
      where c.phone is not null and r.address_text is not null and r.closed_at is null and r.protocol_year = extract(year from now() at time zone 'Europe/Athens')
      order by r.protocol_seq limit 1`);
    return { year: Number(r!.protocol_year), seq: Number(r!.protocol_seq), digits: r!.phone.slice(-4) };
  };

  it('from an SMS link the digits field has focus; a wrong answer is a clear error; every state passes axe', async () => {
    const r = await demoRequest();
    const page = await phonePage();
    await page.goto(`${env.server.url}/track/${r.year}/${r.seq}`);
    await page.getByLabel('Τα 4 τελευταία ψηφία του τηλεφώνου σας').waitFor();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('track-check');
    expect(await page.getByLabel('Αριθμός πρωτοκόλλου').inputValue()).toBe(`${r.year}/${String(r.seq).padStart(6, '0')}`);
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, 'sms-link');

    await page.keyboard.type(r.digits === '0000' ? '1111' : '0000');
    await page.keyboard.press('Enter');
    await page.getByText('Δεν βρέθηκε αίτημα με αυτά τα στοιχεία').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, 'not-found');
    await page.context().close();
  });

  it('a bare number means this year’s; the result shows the address, the first words and the expected date', async () => {
    const r = await demoRequest();
    const page = await phonePage();
    await page.goto(`${env.server.url}/track`);
    await page.getByLabel('Αριθμός πρωτοκόλλου').fill(String(r.seq));
    await page.getByLabel('Τα 4 τελευταία ψηφία του τηλεφώνου σας').fill(r.digits);
    await page.getByRole('button', { name: 'Δείτε το αίτημά μου' }).click();
    const heading = page.getByRole('heading', { name: `Αίτημα ${r.year}/${String(r.seq).padStart(6, '0')}` });
    await heading.waitFor();
    for (const label of ['Διεύθυνση', 'Τι δηλώσατε', 'Αναμένεται έως']) await page.locator('dt', { hasText: label }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, 'result');
    await page.context().close();
  });

  it('after too many wrong tries from one address it says how long to wait, and passes axe', async () => {
    const r = await demoRequest();
    const page = await phonePage();
    for (let i = 0; i < 6; i++) await page.request.post(`${env.server.url}/api/public/track`, { data: { protocolNumber: `${r.year}/${900000 + i}`, check: '1234' } });
    await page.goto(`${env.server.url}/track/${r.year}/${r.seq}`);
    await page.getByLabel('Τα 4 τελευταία ψηφία του τηλεφώνου σας').fill(r.digits);
    await page.keyboard.press('Enter');
    await page.getByText('Πάρα πολλές προσπάθειες').waitFor();
    await page.getByText(/Δοκιμάστε ξανά σε \d+ λεπτ/).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await shot(page, 'throttled');
    await page.context().close();
  });
});
