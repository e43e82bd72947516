import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startNotificationWorker } from '../../jobs/notification-worker.js';
import { registerRequest, staff, startTestApp, type Session, type TestApp } from '../../test/harness.js';

describe('outbox screen and message templates', () => {
  let t: TestApp;
  let admin: Session;
  let operator: Session;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await staff(t, 'admin');
    operator = await staff(t, 'operator');
  });
  afterAll(() => t.close());

  const drain = async () => {
    const worker = startNotificationWorker(t.ctx.database.db, t.ctx.config, { sms: null, email: null }, { pollMs: 60_000 });
    await worker.stop();
    await worker.runOnce();
  };

  it('lists the messages with what the citizen would receive, and says no provider is configured', async () => {
    const r = await registerRequest(t, operator, { citizen: { fullName: 'Άννα Κ', phone: '6971112233', smsConsent: true, email: 'anna@example.com', emailConsent: true } });
    await drain();
    const res = await admin.get('/api/outbox?limit=10');
    expect(res.status).toBe(200);
    expect(res.body.providers).toEqual({ sms: 'none', email: false });
    const mine = res.body.items.filter((n: { requestId: string }) => n.requestId === r.id);
    expect(mine.map((n: { channel: string }) => n.channel).sort()).toEqual(['email', 'sms']);
    for (const n of mine) {
      expect(n.status).toBe('not_sent');
      expect(n.protocolNumber).toBe(r.protocolNumber);
      expect(n.body).toContain(r.protocolNumber);
      // The recipient is shown partly hidden, never in full.
      expect(n.recipient).not.toMatch(/6971112233|anna@example\.com/);
    }
    // The request page shows the same messages.
    const detail = await operator.get(`/api/requests/${r.id}`);
    expect(detail.body.notifications).toHaveLength(2);
  });

  it('is for admins and supervisors only', async () => {
    expect((await operator.get('/api/outbox')).status).toBe(403);
    expect((await (await staff(t, 'supervisor')).get('/api/outbox')).status).toBe(200);
    expect((await operator.get('/api/admin/templates')).status).toBe(403);
  });

  it('an edited template is used for the next message, and can be reset to the default', async () => {
    const list = await admin.get('/api/admin/templates');
    expect(list.body).toHaveLength(6 * 2 * 2);
    const put = await t.app.inject({
      method: 'PUT',
      url: '/api/admin/templates/registered/sms/el',
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf },
      payload: { subject: null, body: 'Δήμος: αρ. {protocol}, {category}.' },
    });
    expect(put.statusCode).toBe(200);
    const r = await registerRequest(t, operator, { citizen: { fullName: 'Νίκος Λ', phone: '6972223344', smsConsent: true } });
    await drain();
    const sms = (await admin.get(`/api/requests/${r.id}`)).body.notifications[0];
    expect(sms.body).toBe(`Δήμος: αρ. ${r.protocolNumber}, Φθορές οδοστρώματος (λακκούβες κ.λπ.).`);

    const reset = await t.app.inject({ method: 'DELETE', url: '/api/admin/templates/registered/sms/el', headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf } });
    expect(reset.statusCode).toBe(200);
    expect((await admin.get('/api/admin/templates')).body.find((x: { event: string; channel: string; language: string }) => x.event === 'registered' && x.channel === 'sms' && x.language === 'el').isDefault).toBe(true);
  });

  it('refuses an empty template and an unknown event', async () => {
    const empty = await t.app.inject({ method: 'PUT', url: '/api/admin/templates/registered/sms/el', headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf }, payload: { subject: null, body: '  ' } });
    expect(empty.statusCode).toBe(400);
    const unknown = await t.app.inject({ method: 'PUT', url: '/api/admin/templates/exploded/sms/el', headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf }, payload: { subject: null, body: 'x' } });
    expect(unknown.statusCode).toBe(400);
  });

  const putTemplate = async (path: string, payload: object) => await t.app.inject({ method: 'PUT', url: `/api/admin/templates/${path}`, headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf }, payload });

  it('refuses an unknown or mistyped placeholder or a stray brace at its field, in Greek and English, instead of dropping it', async () => {
    const typo = await putTemplate('registered/sms/el', { subject: null, body: 'Δήμος: αρ. {protocl}, {category}.' });
    expect(typo.statusCode).toBe(400);
    expect(typo.json()).toMatchObject({ code: 'unknown_placeholder', details: { field: 'body', unknown: ['{protocl}'], suggestions: ['{protocol}'] }, message: { el: expect.stringMatching(/άγνωστο πεδίο/), en: expect.stringMatching(/unknown field/) } });
    const greek = await putTemplate('registered/email/el', { subject: 'Αίτημα {αριθμός}', body: 'Αίτημα {protocol}' });
    expect(greek.json()).toMatchObject({ code: 'unknown_placeholder', details: { field: 'subject', unknown: ['{αριθμός}'], suggestions: [null] } });
    const stray = await putTemplate('resolved/sms/en', { subject: null, body: 'Request {protocol done' });
    expect(stray.json()).toMatchObject({ code: 'unknown_placeholder', details: { field: 'body', unknown: ['{'] } });
    expect((await admin.get('/api/admin/templates')).body.find((x: { event: string; channel: string; language: string }) => x.event === 'registered' && x.channel === 'sms' && x.language === 'el').isDefault).toBe(true);
  });

  it('sends Greek SMS as GSM-7 capitals when the municipality setting says so, whatever the first-start default', async () => {
    expect(t.ctx.config.SMS_GREEK_AS_GSM7).toBe(false);
    expect((await admin.patch('/api/admin/settings', { smsGreekAsGsm7: true })).status).toBe(200);
    try {
      const r = await registerRequest(t, operator, { citizen: { fullName: 'Ζωή Κεφαλαία', phone: '6973334455', smsConsent: true } });
      await drain();
      const sms = (await admin.get(`/api/requests/${r.id}`)).body.notifications.find((n: { channel: string }) => n.channel === 'sms');
      expect({ encoding: sms.encoding, segments: sms.segments }).toEqual({ encoding: 'gsm7', segments: 1 });
    } finally {
      await admin.patch('/api/admin/settings', { smsGreekAsGsm7: false });
    }
    const r2 = await registerRequest(t, operator, { citizen: { fullName: 'Ζωή Τονισμένη', phone: '6973334466', smsConsent: true } });
    await drain();
    const sms2 = (await admin.get(`/api/requests/${r2.id}`)).body.notifications.find((n: { channel: string }) => n.channel === 'sms');
    expect(sms2.encoding).toBe('ucs2');
  });
});

