import { describe, expect, it } from 'vitest';
import { gsm7Length, isGsm7, smsSegments, splitSms, toGreekGsmCapitals } from './sms.js';

describe('GSM-7 detection', () => {
  it('accepts the default alphabet, its Greek capitals and the extension table', () => {
    expect(isGsm7('Hello @ £ $ ¥ è é Ä ñ § ¿ à\n\r')).toBe(true);
    expect(isGsm7('ΔΦΓΛΩΠΨΣΘΞ')).toBe(true);
    expect(isGsm7('{}[]~^|\\€\f')).toBe(true);
  });

  it('rejects lowercase Greek, accents GSM-7 lacks, emoji and a bare escape', () => {
    for (const t of ['α', 'Ά', 'á', 'ç', '😀', '’', '\u001b', '\t']) expect(isGsm7(t), t).toBe(false);
  });

  it('counts extension characters as two septets', () => {
    expect(gsm7Length('a€b')).toBe(4);
    expect(gsm7Length('{}')).toBe(4);
  });
});

describe('Greek as GSM-7 capitals', () => {
  it('capitalises, drops accents and uses Latin look-alikes', () => {
    expect(toGreekGsmCapitals('Το αίτημά σας 2026/000123 ολοκληρώθηκε')).toBe('TO AITHMA ΣAΣ 2026/000123 OΛOKΛHPΩΘHKE');
  });

  it('handles final sigma, diaeresis, tonos with diaeresis and polytonic letters', () => {
    expect(toGreekGsmCapitals('ς ϊ ΐ ΰ Ϋ ἄ ῥ')).toBe('Σ I I Y Y A P');
    expect(toGreekGsmCapitals('α\u0301')).toBe('A'); // decomposed input
  });

  it('maps typography and Greek punctuation to GSM-7, keeps what has no equivalent', () => {
    expect(toGreekGsmCapitals('«Ναι» – όχι… τι; αλλά·')).toBe('"NAI" - OXI... TI; AΛΛA,');
    expect(toGreekGsmCapitals('Latin stays: café, Ωραία €5 😀')).toBe('Latin stays: café, ΩPAIA €5 😀');
  });
});

describe('segments', () => {
  it('GSM-7: 160 fits one, 161 needs two parts of up to 153', () => {
    expect(smsSegments('a'.repeat(160))).toMatchObject({ encoding: 'gsm7', length: 160, segments: 1, perSegment: 160 });
    expect(smsSegments('a'.repeat(161))).toMatchObject({ encoding: 'gsm7', length: 161, segments: 2, perSegment: 153 });
    expect(smsSegments('a'.repeat(306)).segments).toBe(2);
    expect(smsSegments('a'.repeat(307)).segments).toBe(3);
  });

  it('UCS-2: 70 fits one, 71 needs two parts of up to 67', () => {
    expect(smsSegments('α'.repeat(70))).toMatchObject({ encoding: 'ucs2', length: 70, segments: 1, perSegment: 70 });
    expect(smsSegments('α'.repeat(71))).toMatchObject({ encoding: 'ucs2', length: 71, segments: 2, perSegment: 67 });
    expect(smsSegments('α'.repeat(400)).segments).toBe(6);
  });

  it('extension characters count double towards the limit', () => {
    expect(smsSegments('€'.repeat(80))).toMatchObject({ length: 160, segments: 1 });
    expect(smsSegments('€'.repeat(80) + 'a')).toMatchObject({ length: 161, segments: 2 });
  });

  it('never splits an escape pair: the part ends one septet short instead', () => {
    const text = 'a'.repeat(152) + '€' + 'b'.repeat(10);
    const parts = splitSms(text, 'gsm7');
    expect(parts[0]).toBe('a'.repeat(152));
    expect(parts[1]!.startsWith('€')).toBe(true);
    expect(parts.join('')).toBe(text);
  });

  it('never splits a surrogate pair', () => {
    const text = 'α'.repeat(66) + '😀' + 'β'.repeat(10);
    const parts = splitSms(text, 'ucs2');
    expect(parts[0]).toBe('α'.repeat(66));
    expect(parts[1]!.startsWith('😀')).toBe(true);
    for (const p of parts) expect(p.length).toBeLessThanOrEqual(67);
    expect(parts.join('')).toBe(text);
  });

  it('Greek goes UCS-2 unless the municipality chose GSM-7 capitals', () => {
    const text = 'Το αίτημά σας ολοκληρώθηκε';
    expect(smsSegments(text)).toMatchObject({ encoding: 'ucs2', text });
    expect(smsSegments(text, { greekAsGsm7: true })).toMatchObject({ encoding: 'gsm7', text: 'TO AITHMA ΣAΣ OΛOKΛHPΩΘHKE' });
  });

  it('an emoji forces UCS-2 of the original text even with GSM-7 capitals on', () => {
    expect(smsSegments('Ευχαριστούμε 🙂', { greekAsGsm7: true })).toMatchObject({ encoding: 'ucs2', text: 'Ευχαριστούμε 🙂', length: 15 });
  });

  it('does not throw on 10,000 characters and the parts rebuild the text', () => {
    for (const [text, encoding] of [['x'.repeat(10_000), 'gsm7'], ['ω'.repeat(10_000), 'ucs2']] as const) {
      const info = smsSegments(text);
      expect(info.encoding).toBe(encoding);
      expect(info.segments).toBe(Math.ceil(10_000 / (encoding === 'gsm7' ? 153 : 67)));
      expect(splitSms(text, encoding).join('')).toBe(text);
    }
  });

  it('an empty text is no segment at all', () => {
    expect(smsSegments('')).toMatchObject({ encoding: 'gsm7', length: 0, segments: 0 });
  });
});
