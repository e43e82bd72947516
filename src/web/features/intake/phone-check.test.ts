import { describe, expect, it } from 'vitest';
import { checkPhone } from './phone-check';

describe('checkPhone (as the operator types)', () => {
  it('names a complete Greek mobile or landline', () => {
    expect(checkPhone('694 412 3456')).toMatchObject({ state: 'valid', kind: 'mobile', e164: '+306944123456' });
    expect(checkPhone('2810 409409')).toMatchObject({ state: 'valid', kind: 'fixed' });
    expect(checkPhone('+44 20 7946 0958')).toMatchObject({ state: 'valid' });
  });

  it('leaves a number being typed alone, and flags it when the operator has finished', () => {
    expect(checkPhone('6944')).toEqual({ state: 'typing' });
    expect(checkPhone('28104')).toEqual({ state: 'typing' });
    expect(checkPhone('6944', 'GR', true)).toEqual({ state: 'invalid', reason: 'invalid' });
  });

  it('flags at once what cannot become a Greek number', () => {
    expect(checkPhone('5')).toEqual({ state: 'invalid', reason: 'prefix' });
    expect(checkPhone('68')).toEqual({ state: 'invalid', reason: 'prefix' });
    expect(checkPhone('1555')).toEqual({ state: 'invalid', reason: 'prefix' });
    expect(checkPhone('69441234567')).toEqual({ state: 'invalid', reason: 'tooLong' });
    expect(checkPhone('abc')).toEqual({ state: 'invalid', reason: 'invalid' });
  });
});
