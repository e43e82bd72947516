/** The default message texts: every SMS fits one part, and placeholders are checked. */
import { describe, expect, it } from 'vitest';
import { closestPlaceholder, DEFAULT_TEMPLATES, NOTIFICATION_EVENTS, renderTemplate, unknownPlaceholders } from './notifications.js';
import { smsSegments } from './sms.js';

/** Realistically long values: a long municipality and department name, a six-digit number, a real-looking link. */
const LONG = {
  el: { municipality: 'Δήμος Αγίου Νικολάου', category: 'Φθορές οδοστρώματος (λακκούβες κ.λπ.)', department: 'Διεύθυνση Τεχνικών Υπηρεσιών', status: 'Ολοκληρώθηκε', note: 'Το συνεργείο θα έρθει την Τρίτη.' },
  en: { municipality: 'Municipality of Agios Nikolaos', category: 'Road surface damage (potholes etc.)', department: 'Directorate of Technical Services', status: 'Resolved', note: 'The crew will come on Tuesday.' },
};
const COMMON = { protocol: '2026/104512', link: 'https://aitimata.agiosnikolaos.gr/track/2026/104512', phone: '2810 399 399' };

describe('default SMS texts', () => {
  it.each(NOTIFICATION_EVENTS)('%s fits one SMS: Greek as GSM-7 capitals, English in GSM-7', (event) => {
    const el = renderTemplate(DEFAULT_TEMPLATES[event].sms.el.body, { ...COMMON, ...LONG.el });
    const en = renderTemplate(DEFAULT_TEMPLATES[event].sms.en.body, { ...COMMON, ...LONG.en });
    expect(smsSegments(el, { greekAsGsm7: true }), el).toMatchObject({ encoding: 'gsm7', segments: 1 });
    expect(smsSegments(en), en).toMatchObject({ encoding: 'gsm7', segments: 1 });
  });

  it('spell "registered" one way', () => {
    expect(JSON.stringify(DEFAULT_TEMPLATES)).not.toMatch(/καταχωρήθηκε/);
  });

  it('use only known placeholders', () => {
    for (const event of NOTIFICATION_EVENTS)
      for (const t of Object.values(DEFAULT_TEMPLATES[event]).flatMap((c) => Object.values(c))) expect(unknownPlaceholders(`${t.subject ?? ''} ${t.body}`)).toEqual([]);
  });
});

describe('placeholders', () => {
  it('finds unknown names and stray braces, and suggests the one meant', () => {
    expect(unknownPlaceholders('Αρ. {protocl} {link} {Protocol} { protocol } {} } {αριθμός}')).toEqual(['{protocl}', '{Protocol}', '{ protocol }', '{}', '{αριθμός}', '}']);
    expect(['{protocl}', '{Protocol}', '{linc}', '{αριθμός}'].map(closestPlaceholder)).toEqual(['{protocol}', '{protocol}', '{link}', null]);
  });

  it('an unknown placeholder stays as written when rendered; an empty known one vanishes', () => {
    expect(renderTemplate('Αρ. {protocol} {protocl}. {note}', { protocol: '2026/000001', note: '' })).toBe('Αρ. 2026/000001 {protocl}.');
  });
});
