/**
 * Notification events and their default templates, in Greek and English. Pure: the server renders
 * with them, the admin screen previews them. Placeholders: {protocol} {category} {department}
 * {status} {note} {link} {municipality} {phone}.
 */
import { unknownPlaceholdersOf } from './placeholders.js';

export const NOTIFICATION_EVENTS = ['registered', 'forwarded', 'scheduled', 'resolved', 'rejected', 'public_update'] as const;
export type NotificationEvent = (typeof NOTIFICATION_EVENTS)[number];
export const NOTIFICATION_CHANNELS = ['sms', 'email'] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];
export type Lang = 'el' | 'en';

export const PLACEHOLDERS = ['protocol', 'category', 'department', 'status', 'note', 'link', 'municipality', 'phone'] as const;
export type TemplateVars = Partial<Record<(typeof PLACEHOLDERS)[number], string>>;

export interface TemplateText {
  subject: string | null;
  body: string;
}

type Defaults = Record<NotificationEvent, Record<NotificationChannel, Record<Lang, TemplateText>>>;

const sms = (el: string, en: string) => ({ el: { subject: null, body: el }, en: { subject: null, body: en } });
const mail = (subjectEl: string, el: string, subjectEn: string, en: string) => ({ el: { subject: subjectEl, body: el }, en: { subject: subjectEn, body: en } });
const SIGN_EL = '\n\n{municipality}\nΤηλ. {phone}\nΠαρακολούθηση: {link}';
const SIGN_EN = '\n\n{municipality}\nPhone {phone}\nTrack it: {link}';

export const DEFAULT_TEMPLATES: Defaults = {
  registered: {
    sms: sms('{municipality}: Το αίτημά σας καταχωρίστηκε με αρ. {protocol}. Παρακολούθηση: {link}', '{municipality}: Your request was registered as no. {protocol}. Track it: {link}'),
    email: mail(
      'Αίτημα {protocol}: καταχωρίστηκε',
      'Το αίτημά σας καταχωρίστηκε με αριθμό πρωτοκόλλου {protocol}.\nΚατηγορία: {category}\nΑρμόδια υπηρεσία: {department}' + SIGN_EL,
      'Request {protocol}: registered',
      'Your request was registered under protocol number {protocol}.\nCategory: {category}\nDepartment: {department}' + SIGN_EN,
    ),
  },
  forwarded: {
    sms: sms('{municipality}: Το αίτημα {protocol} διαβιβάστηκε στην υπηρεσία: {department}. {link}', '{municipality}: Request {protocol} was forwarded to {department}. {link}'),
    email: mail('Αίτημα {protocol}: διαβιβάστηκε', 'Το αίτημά σας {protocol} διαβιβάστηκε στην αρμόδια υπηρεσία: {department}.' + SIGN_EL, 'Request {protocol}: forwarded', 'Your request {protocol} was forwarded to the competent department: {department}.' + SIGN_EN),
  },
  scheduled: {
    sms: sms('{municipality}: Το αίτημα {protocol} προγραμματίστηκε. {note} {link}', '{municipality}: Request {protocol} has been scheduled. {note} {link}'),
    email: mail('Αίτημα {protocol}: προγραμματίστηκε', 'Το αίτημά σας {protocol} προγραμματίστηκε.\n{note}' + SIGN_EL, 'Request {protocol}: scheduled', 'Your request {protocol} has been scheduled.\n{note}' + SIGN_EN),
  },
  resolved: {
    sms: sms('{municipality}: Το αίτημα {protocol} ολοκληρώθηκε. {note} Ευχαριστούμε!', '{municipality}: Request {protocol} has been resolved. {note} Thank you!'),
    email: mail('Αίτημα {protocol}: ολοκληρώθηκε', 'Το αίτημά σας {protocol} ολοκληρώθηκε.\n{note}\nΕυχαριστούμε που μας ενημερώσατε.' + SIGN_EL, 'Request {protocol}: resolved', 'Your request {protocol} has been resolved.\n{note}\nThank you for letting us know.' + SIGN_EN),
  },
  rejected: {
    // A plain apostrophe: a typographic one is not in GSM-7 and would make the English SMS UCS-2.
    sms: sms('{municipality}: Το αίτημα {protocol} δεν είναι αρμοδιότητα του Δήμου. {note}', "{municipality}: Request {protocol} is not the municipality's competence. {note}"),
    email: mail('Αίτημα {protocol}: εκτός αρμοδιότητας', 'Το αίτημά σας {protocol} δεν είναι αρμοδιότητα του Δήμου.\n{note}' + SIGN_EL, 'Request {protocol}: not our competence', 'Your request {protocol} is not the municipality’s competence.\n{note}' + SIGN_EN),
  },
  public_update: {
    sms: sms('{municipality}: Ενημέρωση για το αίτημα {protocol}: {note}', '{municipality}: Update on request {protocol}: {note}'),
    email: mail('Αίτημα {protocol}: ενημέρωση', 'Ενημέρωση για το αίτημά σας {protocol}:\n{note}' + SIGN_EL, 'Request {protocol}: update', 'Update on your request {protocol}:\n{note}' + SIGN_EN),
  },
};

/** What in a message template is not one of its placeholders (see unknownPlaceholdersOf). */
export function unknownPlaceholders(text: string): string[] {
  return unknownPlaceholdersOf(text, PLACEHOLDERS);
}

/** The known placeholder an unknown one was probably meant to be ("{protocl}" → "{protocol}"), if one is close. */
export function closestPlaceholder(unknown: string): string | null {
  const name = unknown.replace(/[{}]/g, '').trim().toLowerCase();
  let best: { p: string; d: number } | null = null;
  for (const p of PLACEHOLDERS) {
    const d = editDistance(name, p);
    if (d <= 2 && (!best || d < best.d)) best = { p, d };
  }
  return best ? `{${best.p}}` : null;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length]!;
}

/** Fills the placeholders; empty ones vanish and the spaces they leave are tidied. Unknown ones stay as written. */
export function renderTemplate(text: string, vars: TemplateVars): string {
  return text
    .replace(/\{(\w+)\}/g, (m, k: string) => ((PLACEHOLDERS as readonly string[]).includes(k) ? ((vars as Record<string, string | undefined>)[k] ?? '') : m))
    .replace(/[ \t]{2,}/g, ' ')
    .replace(/ +([.,!;])/g, '$1')
    .replace(/ +\n/g, '\n')
    .trim();
}

/** Which notification a status change sends, if any. */
export function eventForStatus(status: string): NotificationEvent | null {
  return status === 'forwarded' || status === 'scheduled' || status === 'resolved' || status === 'rejected' ? status : null;
}
