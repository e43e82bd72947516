/**
 * Stable error codes with the message a person can act on, in Greek and English. The API sends
 * the code and both messages; clients may key their own texts on the code.
 */
export const ERROR_CODES = {
  validation_failed: { status: 400, el: 'Τα στοιχεία που στάλθηκαν δεν είναι έγκυρα.', en: 'The data sent is not valid.' },
  malformed_json: { status: 400, el: 'Το σώμα του αιτήματος δεν είναι έγκυρο JSON.', en: 'The request body is not valid JSON.' },
  payload_too_large: { status: 413, el: 'Το αίτημα είναι πολύ μεγάλο.', en: 'The request is too large.' },
  unsupported_media_type: { status: 415, el: 'Μη υποστηριζόμενος τύπος περιεχομένου.', en: 'Unsupported content type.' },
  file_required: { status: 400, el: 'Επιλέξτε ένα αρχείο για επισύναψη.', en: 'Choose a file to attach.' },
  invalid_phone: { status: 400, el: 'Ο αριθμός τηλεφώνου δεν είναι έγκυρος.', en: 'The phone number is not valid.' },
  invalid_protocol_number: { status: 400, el: 'Ο αριθμός πρωτοκόλλου δεν είναι έγκυρος (π.χ. 2026/004512).', en: 'The protocol number is not valid (e.g. 2026/004512).' },
  unknown_category: { status: 422, el: 'Η κατηγορία δεν υπάρχει ή δεν είναι ενεργή.', en: 'The category does not exist or is not active.' },
  unknown_department: { status: 422, el: 'Η υπηρεσία δεν υπάρχει ή δεν είναι ενεργή.', en: 'The department does not exist or is not active.' },
  unknown_user: { status: 422, el: 'Ο χρήστης δεν υπάρχει ή δεν είναι ενεργός.', en: 'The user does not exist or is not active.' },
  unknown_citizen: { status: 422, el: 'Ο δημότης δεν βρέθηκε.', en: 'The citizen was not found.' },
  category_not_routed: { status: 422, el: 'Η κατηγορία δεν έχει αρμόδια υπηρεσία. Ενημερώστε τον διαχειριστή.', en: 'The category has no competent department. Tell the administrator.' },
  citizen_contact_required: { status: 400, el: 'Δώστε όνομα, τηλέφωνο ή e-mail του δημότη.', en: 'Give the citizen’s name, phone or e-mail.' },
  consent_needs_contact: { status: 400, el: 'Για ενημέρωση με SMS χρειάζεται κινητό, για ενημέρωση με e-mail χρειάζεται e-mail.', en: 'SMS updates need a mobile number; e-mail updates need an e-mail address.' },
  transition_not_allowed: { status: 409, el: 'Η αλλαγή κατάστασης δεν επιτρέπεται.', en: 'This status change is not allowed.' },
  unknown_placeholder: { status: 400, el: 'Το κείμενο έχει άγνωστο πεδίο σε άγκιστρα. Επιτρέπονται: {protocol}, {address}, {category}, {department}, {due_date}.', en: 'The text has an unknown field in braces. Allowed: {protocol}, {address}, {category}, {department}, {due_date}.' },
  public_note_required: { status: 400, el: 'Γράψτε σημείωση για τον δημότη.', en: 'Write a note for the citizen.' },
  duplicate_of_required: { status: 400, el: 'Δώστε το αίτημα του οποίου είναι διπλότυπο.', en: 'Give the request this one duplicates.' },
  request_closed: { status: 409, el: 'Το αίτημα έχει κλείσει.', en: 'The request is closed.' },
  same_department: { status: 409, el: 'Το αίτημα είναι ήδη σε αυτή την υπηρεσία.', en: 'The request is already with this department.' },
  assignee_not_in_department: { status: 422, el: 'Ο χρήστης δεν ανήκει στην υπηρεσία του αιτήματος.', en: 'The user does not belong to the request’s department.' },
  idempotency_key_reused: { status: 422, el: 'Το κλειδί επανάληψης χρησιμοποιήθηκε ήδη για διαφορετικό αίτημα.', en: 'This Idempotency-Key was already used for a different request.' },
  not_authenticated: { status: 401, el: 'Συνδεθείτε για να συνεχίσετε.', en: 'Sign in to continue.' },
  invalid_credentials: { status: 401, el: 'Λάθος όνομα χρήστη ή κωδικός.', en: 'Wrong username or password.' },
  too_many_attempts: { status: 429, el: 'Πάρα πολλές προσπάθειες. Δοκιμάστε ξανά σε λίγα λεπτά.', en: 'Too many attempts. Try again in a few minutes.' },
  csrf_failed: { status: 403, el: 'Η φόρμα έληξε. Ανανεώστε τη σελίδα.', en: 'The form has expired. Reload the page.' },
  forbidden: { status: 403, el: 'Δεν έχετε δικαίωμα για αυτή την ενέργεια.', en: 'You are not allowed to do this.' },
  not_found: { status: 404, el: 'Δεν βρέθηκε.', en: 'Not found.' },
  conflict: { status: 409, el: 'Η εγγραφή άλλαξε ή υπάρχει ήδη.', en: 'The record changed or already exists.' },
  username_taken: { status: 409, el: 'Το όνομα χρήστη υπάρχει ήδη.', en: 'The username is already taken.' },
  code_taken: { status: 409, el: 'Ο κωδικός υπάρχει ήδη.', en: 'The code is already taken.' },
  weak_password: { status: 400, el: 'Ο κωδικός πρέπει να έχει τουλάχιστον 10 χαρακτήρες.', en: 'The password must have at least 10 characters.' },
  not_ready: { status: 503, el: 'Η υπηρεσία δεν είναι έτοιμη.', en: 'The service is not ready.' },
  internal: { status: 500, el: 'Κάτι πήγε στραβά. Δοκιμάστε ξανά.', en: 'Something went wrong. Please try again.' },
} as const satisfies Record<string, { status: number; el: string; en: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;
