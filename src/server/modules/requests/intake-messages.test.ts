/**
 * The registration answer tells the operator which messages will go to the citizen (and whether a
 * provider is configured at all), on the first POST and on a replayed one alike; and field problems
 * carry their kind, so the console can say what is wrong in Greek.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { categoryId, staff, startTestApp, type Session, type TestApp } from '../../test/harness.js';

let t: TestApp;
let operator: Session;
let roadDamage: string;

beforeAll(async () => {
  t = await startTestApp();
  operator = await staff(t, 'operator');
  roadDamage = await categoryId(t, 'road-damage');
});
afterAll(() => t.close());

const body = (citizen: Record<string, unknown>) => ({ channel: 'phone', categoryId: roadDamage, description: 'Λακκούβα', citizen });

describe('POST /api/requests: the messages it queues', () => {
  it('lists the SMS and e-mail the citizen agreed to, and says no provider is configured', async () => {
    const key = `k-${Date.now()}-both`;
    const citizen = { fullName: 'Άννα Σ.', phone: '6971234001', email: 'anna@example.com', smsConsent: true, emailConsent: true };
    const res = await operator.post('/api/requests', body(citizen), { 'idempotency-key': key });
    expect(res.status).toBe(201);
    expect(res.body.messages).toEqual([{ channel: 'sms', recipient: '+306971234001' }, { channel: 'email', recipient: 'anna@example.com' }]);
    expect(res.body.providers).toEqual({ sms: false, email: false });
    // A retried POST answers the same.
    const again = await operator.post('/api/requests', body(citizen), { 'idempotency-key': key });
    expect(again.status).toBe(200);
    expect(again.body.messages).toEqual(res.body.messages);
  });

  it('lists none without consent, and none for a landline', async () => {
    const none = await operator.post('/api/requests', body({ fullName: 'Βασίλης Τ.', phone: '6971234002' }));
    expect(none.body.messages).toEqual([]);
    const landline = await operator.post('/api/requests', body({ fullName: 'Γιώργος Π.', phone: '2810 222333', email: 'g@example.com', emailConsent: true }));
    expect(landline.body.messages).toEqual([{ channel: 'email', recipient: 'g@example.com' }]);
  });

  it('says a provider is configured when one is', async () => {
    const t2 = await startTestApp(undefined, { SMTP_URL: 'smtp://127.0.0.1:2525' });
    try {
      const op = await staff(t2, 'operator');
      const res = await op.post('/api/requests', { ...body({ fullName: 'Δ. Κ.', email: 'd@example.com', emailConsent: true }), categoryId: await categoryId(t2, 'road-damage') });
      expect(res.body.providers).toEqual({ sms: false, email: true });
    } finally {
      await t2.close();
    }
  });

  it('names each field problem by its path and kind, so screens can say it in Greek', async () => {
    const res = await operator.post('/api/requests', { ...body({ fullName: 'Ε. Ζ.' }), description: '  ', citizen: { email: 'maria@' } });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual(expect.arrayContaining([
      expect.objectContaining({ path: 'body/description', kind: 'too_small' }),
      expect.objectContaining({ path: 'body/citizen/email', kind: 'invalid_format' }),
    ]));
  });
});
