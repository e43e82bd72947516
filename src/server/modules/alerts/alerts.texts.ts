/**
 * The texts of staff alerts, Greek first and English for users who chose it. Not admin-editable
 * templates (those are for citizens): plain functions of the facts, so nothing can go missing.
 */
import type { Lang } from '../../../shared/notifications.js';

export interface RequestFacts {
  protocol: string;
  category: string;
  department: string;
  /** dd/mm/yyyy, or '' when the request has no due date. */
  due: string;
  link: string;
}

export interface DigestFacts {
  date: string;
  sections: { key: 'overdue' | 'dueToday' | 'new'; count: number; lines: string[] }[];
  link: string;
}

export interface Mail {
  subject: string;
  body: string;
}

const footer = (lang: Lang, municipality: string, prefsLink: string | null): string =>
  lang === 'en'
    ? `\n\n— ${municipality}, Dimotis${prefsLink ? `\nChoose which alerts you get: ${prefsLink}` : '\nThis address receives the department’s alerts (set under Administration).'}`
    : `\n\n— ${municipality}, Δημότης${prefsLink ? `\nΕπιλέξτε ποιες ειδοποιήσεις λαμβάνετε: ${prefsLink}` : '\nΗ διεύθυνση αυτή λαμβάνει τις ειδοποιήσεις της υπηρεσίας (ορίζεται στη Διαχείριση).'}`;

const dueLine = (lang: Lang, due: string) => (due ? (lang === 'en' ? `\nDue: ${due}` : `\nΠροθεσμία: ${due}`) : '');

export function urgentMail(lang: Lang, f: RequestFacts): Mail {
  return lang === 'en'
    ? { subject: `Urgent request ${f.protocol}: ${f.category}`, body: `A new urgent request for ${f.department}.\nProtocol no.: ${f.protocol}\nCategory: ${f.category}${dueLine(lang, f.due)}\n\nOpen it: ${f.link}` }
    : { subject: `Επείγον αίτημα ${f.protocol}: ${f.category}`, body: `Νέο επείγον αίτημα για την υπηρεσία ${f.department}.\nΑρ. πρωτ.: ${f.protocol}\nΚατηγορία: ${f.category}${dueLine(lang, f.due)}\n\nΆνοιγμα: ${f.link}` };
}

export function assignedMail(lang: Lang, f: RequestFacts): Mail {
  return lang === 'en'
    ? { subject: `Request ${f.protocol} assigned to you`, body: `Request ${f.protocol} (${f.category}, ${f.department}) has been assigned to you.${dueLine(lang, f.due)}\n\nOpen it: ${f.link}` }
    : { subject: `Σας ανατέθηκε το αίτημα ${f.protocol}`, body: `Σας ανατέθηκε το αίτημα ${f.protocol} (${f.category}, ${f.department}).${dueLine(lang, f.due)}\n\nΆνοιγμα: ${f.link}` };
}

export function escalationHeadMail(lang: Lang, f: RequestFacts): Mail {
  return lang === 'en'
    ? { subject: `Overdue: request ${f.protocol}`, body: `Request ${f.protocol} (${f.category}) of ${f.department} has passed its due date (${f.due}) and is still open.\n\nOpen it: ${f.link}` }
    : { subject: `Εκπρόθεσμο αίτημα ${f.protocol}`, body: `Το αίτημα ${f.protocol} (${f.category}) της υπηρεσίας ${f.department} πέρασε την προθεσμία του (${f.due}) και είναι ακόμη ανοιχτό.\n\nΆνοιγμα: ${f.link}` };
}

export function escalationSupervisorMail(lang: Lang, f: RequestFacts & { daysLate: number }): Mail {
  return lang === 'en'
    ? { subject: `Escalation: request ${f.protocol} is ${f.daysLate} working day(s) late`, body: `Request ${f.protocol} (${f.category}) of ${f.department} was due on ${f.due} and is still open, ${f.daysLate} working day(s) later. The department’s head was alerted when it fell due.\n\nOpen it: ${f.link}` }
    : { subject: `Κλιμάκωση: το αίτημα ${f.protocol} καθυστερεί ${f.daysLate} ${f.daysLate === 1 ? 'εργάσιμη' : 'εργάσιμες'}`, body: `Το αίτημα ${f.protocol} (${f.category}) της υπηρεσίας ${f.department} έληγε στις ${f.due} και είναι ακόμη ανοιχτό, ${f.daysLate} ${f.daysLate === 1 ? 'εργάσιμη' : 'εργάσιμες'} αργότερα. Ο προϊστάμενος της υπηρεσίας ειδοποιήθηκε όταν έληξε η προθεσμία.\n\nΆνοιγμα: ${f.link}` };
}

const SECTION_NAMES = {
  el: { overdue: 'Εκπρόθεσμα', dueToday: 'Λήγουν σήμερα', new: 'Νέα' },
  en: { overdue: 'Overdue', dueToday: 'Due today', new: 'New' },
} as const;

export function digestMail(lang: Lang, f: DigestFacts): Mail {
  const n = (k: DigestFacts['sections'][number]['key']) => f.sections.find((s) => s.key === k)?.count ?? 0;
  const parts = f.sections.map((s) => {
    const more = s.count - s.lines.length;
    const tail = more > 0 ? `\n  … ${lang === 'en' ? `and ${more} more` : `και ${more} ακόμη`}` : '';
    return `${SECTION_NAMES[lang][s.key]} (${s.count})${s.lines.length ? `\n${s.lines.map((l) => `  ${l}`).join('\n')}` : ''}${tail}`;
  });
  return lang === 'en'
    ? { subject: `Digest ${f.date}: ${n('overdue')} overdue, ${n('dueToday')} due today, ${n('new')} new`, body: `Your departments’ requests this morning.\n\n${parts.join('\n\n')}\n\nInbox: ${f.link}` }
    : { subject: `Σύνοψη ${f.date}: ${n('overdue')} εκπρόθεσμα, ${n('dueToday')} λήγουν σήμερα, ${n('new')} νέα`, body: `Τα αιτήματα των υπηρεσιών σας σήμερα το πρωί.\n\n${parts.join('\n\n')}\n\nΕισερχόμενα: ${f.link}` };
}

export function withFooter(mail: Mail, lang: Lang, municipality: string, prefsLink: string | null): Mail {
  return { subject: mail.subject, body: mail.body + footer(lang, municipality, prefsLink) };
}
