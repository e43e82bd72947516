/** Texts of staff alerts in the app: the menu's live counts and the alert preferences screen (t('alerts.…')), Greek first. */
const el = {
  menuLink: 'Ειδοποιήσεις',
  inboxCount_one: '{{count}} νέο ή διαβιβασμένο αίτημα',
  inboxCount_other: '{{count}} νέα ή διαβιβασμένα αιτήματα',
  overdueCount_one: '{{count}} εκπρόθεσμο',
  overdueCount_other: '{{count}} εκπρόθεσμα',
  title: 'Ειδοποιήσεις με e-mail',
  intro: 'Επιλέξτε για ποια γεγονότα θέλετε να λαμβάνετε e-mail. Οι ειδοποιήσεις της υπηρεσίας στέλνονται επίσης στις διευθύνσεις της που ορίζονται στη Διαχείριση.',
  sentTo: 'Αποστέλλονται στο {{email}}.',
  noEmail: 'Ο λογαριασμός σας δεν έχει διεύθυνση e-mail, οπότε δεν λαμβάνετε ειδοποιήσεις. Ζητήστε από τον διαχειριστή να την προσθέσει.',
  noneForRole: 'Ο ρόλος σας δεν λαμβάνει ειδοποιήσεις με e-mail.',
  kinds: {
    urgent: { label: 'Επείγοντα αιτήματα', description: 'Αμέσως, όταν έρχεται επείγον αίτημα σε υπηρεσία σας.' },
    assigned: { label: 'Ανάθεση σε εμένα', description: 'Όταν κάποιος άλλος μού αναθέτει αίτημα.' },
    digest: { label: 'Πρωινή σύνοψη', description: 'Κάθε εργάσιμη το πρωί: νέα, όσα λήγουν σήμερα και τα εκπρόθεσμα των υπηρεσιών σας.' },
    escalation: { label: 'Εκπρόθεσμα αιτήματα', description: 'Όταν αίτημα περνά την προθεσμία του (προϊστάμενοι) ή καθυστερεί για μέρες (εποπτεία).' },
  },
  language: 'Γλώσσα των e-mail',
  languages: { el: 'Ελληνικά', en: 'English' },
  save: 'Αποθήκευση',
  saved: 'Οι επιλογές σας αποθηκεύτηκαν.',
};

const en: typeof el = {
  menuLink: 'Alerts',
  inboxCount_one: '{{count}} new or forwarded request',
  inboxCount_other: '{{count}} new or forwarded requests',
  overdueCount_one: '{{count}} overdue',
  overdueCount_other: '{{count}} overdue',
  title: 'E-mail alerts',
  intro: 'Choose which events you want an e-mail about. Department alerts also go to the department’s addresses set under Administration.',
  sentTo: 'They are sent to {{email}}.',
  noEmail: 'Your account has no e-mail address, so you get no alerts. Ask the administrator to add one.',
  noneForRole: 'Your role gets no e-mail alerts.',
  kinds: {
    urgent: { label: 'Urgent requests', description: 'At once, when an urgent request reaches one of your departments.' },
    assigned: { label: 'Assigned to me', description: 'When someone else assigns a request to you.' },
    digest: { label: 'Morning digest', description: 'Every working-day morning: new, due today and overdue requests of your departments.' },
    escalation: { label: 'Overdue requests', description: 'When a request passes its due time (heads) or stays overdue for days (supervisors).' },
  },
  language: 'Language of the e-mails',
  languages: { el: 'Ελληνικά', en: 'English' },
  save: 'Save',
  saved: 'Your choices have been saved.',
};

export const alertMessages = { el, en };
