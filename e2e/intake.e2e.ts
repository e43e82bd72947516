import { describe, expect, it } from 'vitest';
import { useServerAndBrowser } from './server.js';
import { signedInPage } from './session.js';

describe('call-intake console', () => {
  const env = useServerAndBrowser();

  it('registers a whole call by keyboard only and shows the protocol number to read back', async () => {
    const page = await signedInPage(env.browser, env.server.url, 'operator');
    await page.waitForURL('**/intake');
    // The phone field has the focus when the console opens.
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('caller-phone');
    await page.keyboard.type('6951234567');
    await page.keyboard.press('Tab'); // → full name (the caller panel shows "new caller" only)
    await page.keyboard.type('Ευτυχία Καραγιάννη');
    await page.keyboard.press('Tab'); // → e-mail
    await page.keyboard.type('eftychia@example.com');
    await page.keyboard.press('Tab'); // → SMS consent
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab'); // → e-mail consent
    await page.keyboard.press('Tab'); // → category
    await page.keyboard.type('λακκ');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab'); // → description
    await page.keyboard.type('Λακκούβα μπροστά στο περίπτερο');
    await page.keyboard.press('Tab'); // → address
    await page.keyboard.type('Πλατεία Κορνάρου 1');
    await page.keyboard.press('Control+Enter');

    const protocol = page.getByTestId('protocol-number');
    await protocol.waitFor();
    const text = (await protocol.textContent()) ?? '';
    expect(text).toMatch(/^\d{4}\/\d{6}$/);
    await expect.poll(() => page.getByText('Τεχνική Υπηρεσία').count()).toBeGreaterThan(0);

    // The number is a real request of the road-damage category, with the citizen's consent recorded.
    const [year, seq] = text.split('/');
    const api = await page.request.get(`${env.server.url}/api/requests/by-protocol/${year}/${seq}`);
    const body = await api.json();
    expect(body.category.name.el).toMatch(/οδοστρώματος/);
    expect(body.citizen).toMatchObject({ fullName: 'Ευτυχία Καραγιάννη', phone: '+306951234567', smsConsent: true, email: 'eftychia@example.com' });

    // Alt+N starts the next call with an empty form and the focus back on the phone.
    await page.keyboard.press('Alt+N');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('caller-phone');
    await page.context().close();
  });

  it('shows a known caller and their earlier requests while the number is typed', async () => {
    const page = await signedInPage(env.browser, env.server.url, 'operator');
    await page.waitForURL('**/intake');
    await page.getByTestId('caller-phone').pressSequentially('694412', { delay: 30 }); // demo citizen Γιάννης Μανουσάκης, 6944123456
    const panel = page.getByTestId('caller-panel');
    await expect.poll(() => panel.textContent(), { timeout: 10_000 }).toContain('Μανουσάκης');
    const text = (await panel.textContent()) ?? '';
    expect(text).toMatch(/\d{4}\/\d{6}/);
    expect(text).toContain('Λεωφ. Ικάρου 45');
    await page.context().close();
  });
});
