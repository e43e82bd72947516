import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client';
import { fieldErrors, fieldOfPath } from './field-errors';

const validation = new ApiError({
  code: 'validation_failed',
  status: 400,
  message: { el: 'Τα στοιχεία που στάλθηκαν δεν είναι έγκυρα.', en: 'The data sent is not valid.' },
  errors: [
    { path: 'body/description', message: 'Too small: expected string to have >=1 characters', kind: 'too_small' },
    { path: 'body/citizen/email', message: 'Invalid email address', kind: 'invalid_format' },
    { path: 'body/addressText', message: 'Too big: expected string to have <=500 characters', kind: 'too_big' },
  ],
});

describe('fieldErrors', () => {
  it('speaks Greek by kind, never the validator’s English, with a field’s own sentence where given', () => {
    const el = fieldErrors(validation, 'el', { description: { too_small: { el: 'Γράψτε τι αναφέρει ο καλών.', en: 'Write what the caller reports.' } } });
    expect(el).toEqual({ description: 'Γράψτε τι αναφέρει ο καλών.', 'citizen.email': 'Η μορφή δεν είναι σωστή.', addressText: 'Πολύ μεγάλο: συντομεύστε το.' });
    expect(JSON.stringify(el)).not.toMatch(/Too small|Invalid|expected/);
    expect(fieldErrors(validation, 'en')['citizen.email']).toBe('The format is not right.');
  });

  it('puts a domain error at the field it names', () => {
    const err = new ApiError({ code: 'invalid_phone', status: 400, message: { el: 'Ο αριθμός τηλεφώνου δεν είναι έγκυρος.', en: 'The phone number is not valid.' }, details: { field: 'citizen.phone' } });
    expect(fieldErrors(err, 'el')).toEqual({ 'citizen.phone': 'Ο αριθμός τηλεφώνου δεν είναι έγκυρος.' });
    expect(fieldErrors(new Error('x'), 'el')).toEqual({});
  });

  it('reads paths of body, query and params', () => {
    expect(fieldOfPath('body/citizen/phone')).toBe('citizen.phone');
    expect(fieldOfPath('querystring/lat')).toBe('lat');
    expect(fieldOfPath('body')).toBe('');
  });
});
