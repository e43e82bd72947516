/**
 * The caller's number checked as it is typed (libphonenumber-js with full metadata, as the server
 * checks it): a number that cannot become a Greek one is flagged at once, a complete one is named
 * mobile or landline, and one still being typed is left alone.
 */
import { normalisePhone, phoneDigits } from '../../../shared/phone';

export type PhoneCheck =
  | { state: 'empty' | 'typing' }
  | { state: 'valid'; kind: 'mobile' | 'fixed' | 'other'; e164: string }
  | { state: 'invalid'; reason: 'prefix' | 'tooLong' | 'invalid' };

/** `final`: the operator has left the field or is registering, so an incomplete number is wrong too. */
export function checkPhone(text: string, region = 'GR', final = false): PhoneCheck {
  const trimmed = text.trim();
  if (!trimmed) return { state: 'empty' };
  const valid = normalisePhone(trimmed, region);
  if (valid) return { state: 'valid', kind: valid.kind, e164: valid.e164 };
  if (/[^\d\s().+\-/]/.test(trimmed)) return { state: 'invalid', reason: 'invalid' };
  const international = /^(\+|00)/.test(trimmed);
  const digits = phoneDigits(trimmed);
  if (!international) {
    // Greek numbers: 2… landlines and 69… mobiles, 10 digits; 1xxx short codes (e.g. 1555) are services, not callers.
    if (!/^(2|6|69)/.test(digits) || (digits.length >= 2 && digits.startsWith('6') && !digits.startsWith('69'))) return { state: 'invalid', reason: 'prefix' };
    if (digits.length > 10) return { state: 'invalid', reason: 'tooLong' };
    if (digits.length < 10) return final ? { state: 'invalid', reason: 'invalid' } : { state: 'typing' };
    return { state: 'invalid', reason: 'invalid' };
  }
  if (digits.length > 15) return { state: 'invalid', reason: 'tooLong' };
  return final ? { state: 'invalid', reason: 'invalid' } : { state: 'typing' };
}
