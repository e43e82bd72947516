/** Municipality settings: what an administrator may set as the logo and the map tiles, and the SMS encoding. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settings } from '../../db/schema.js';
import { staff, startTestApp, type Session, type TestApp } from '../../test/harness.js';

let t: TestApp;
let admin: Session;
beforeAll(async () => {
  t = await startTestApp();
  admin = await staff(t, 'admin');
});
afterAll(() => t.close());

const PNG = `data:image/png;base64,${Buffer.from('\x89PNG\r\n\x1a\n\0\0\0\rIHDR', 'latin1').toString('base64')}`;
const SVG = `data:image/svg+xml;base64,${Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>').toString('base64')}`;

describe('the logo', () => {
  it.each([
    ['javascript:alert(1)'],
    ['JaVaScRiPt:alert(document.cookie)'],
    ['data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=='],
    ['data:image/png;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=='],
    ['data:image/gif;base64,R0lGODlhAQABAAAAACw='],
    ['http://example.gr/logo.png'],
    ['ftp://example.gr/logo.png'],
    ['https://user:pass@example.gr/logo.png'],
    ['//example.gr/logo.png'],
    ['logo.png'],
  ])('refuses %s with 400 at the field, in Greek and English', async (logoUrl) => {
    const res = await admin.patch('/api/admin/settings', { logoUrl });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'invalid_logo_url', details: { field: 'logoUrl' }, message: { el: expect.stringMatching(/λογότυπο/), en: expect.stringMatching(/logo/) } });
  });

  it('accepts an https address, a PNG or SVG data: URL, http on this machine outside production, and none', async () => {
    for (const logoUrl of ['https://www.heraklion.gr/logo.png', PNG, SVG, 'http://localhost:5173/logo.svg', null]) {
      const res = await admin.patch('/api/admin/settings', { logoUrl });
      expect(res.status, String(logoUrl)).toBe(200);
      expect(res.body.logoUrl).toBe(logoUrl);
    }
    expect((await admin.get('/api/settings')).body.logoUrl).toBeNull();
  });

  it('a javascript: logo or tile address stored before these rules is never handed out', async () => {
    const [row] = await t.ctx.database.db.select().from(settings);
    await t.ctx.database.db.update(settings).set({ value: { ...(row!.value as object), logoUrl: 'javascript:alert(1)', mapTileUrl: 'javascript:alert(1)//{z}{x}{y}' } });
    const res = await admin.get('/api/settings');
    expect([res.body.logoUrl, res.body.mapTileUrl]).toEqual([null, '']);
  });
});

describe('the map tiles', () => {
  it.each([
    ['javascript:alert(1)//{z}/{x}/{y}'],
    ['http://tiles.example.gr/{z}/{x}/{y}.png'],
    ['https://tiles.example.gr/{z}/{x}.png'],
    ['https://tiles.example.gr/tiles.png'],
    ['data:image/png;base64,{z}{x}{y}'],
  ])('refuses %s with 400 at the field', async (mapTileUrl) => {
    const res = await admin.patch('/api/admin/settings', { mapTileUrl });
    expect([res.status, res.body.code, res.body.details?.field]).toEqual([400, 'invalid_tile_url', 'mapTileUrl']);
  });

  it('accepts an https template with {z}/{x}/{y} on any host (with {s} or a key), or none', async () => {
    for (const mapTileUrl of ['https://{s}.tile.example.gr/{z}/{x}/{y}.png?key=abc', 'https://tile.openstreetmap.org/{z}/{x}/{y}.png', '']) {
      const res = await admin.patch('/api/admin/settings', { mapTileUrl });
      expect(res.status, mapTileUrl).toBe(200);
    }
  });
});

describe('the SMS encoding', () => {
  it('starts from SMS_GREEK_AS_GSM7 and is kept as the municipality sets it', async () => {
    expect((await admin.get('/api/settings')).body.smsGreekAsGsm7).toBe(t.ctx.config.SMS_GREEK_AS_GSM7);
    expect((await admin.patch('/api/admin/settings', { smsGreekAsGsm7: true })).body.smsGreekAsGsm7).toBe(true);
    expect((await admin.get('/api/settings')).body.smsGreekAsGsm7).toBe(true);
    expect((await admin.patch('/api/admin/settings', { smsGreekAsGsm7: 'yes' })).status).toBe(400);
  });
});
