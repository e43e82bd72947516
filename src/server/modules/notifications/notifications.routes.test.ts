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
});
