/** Texts of the "session ended" dialog (el first). */
export const authMessages = {
  el: {
    expiredTitle: 'Η σύνδεσή σας έληξε',
    expiredText: 'Συνδεθείτε ξανά για να συνεχίσετε. Ό,τι έχετε γράψει μένει ως έχει και η ενέργεια θα ολοκληρωθεί μετά τη σύνδεση.',
    signOutInstead: 'Αποσύνδεση',
  },
  en: {
    expiredTitle: 'Your session has ended',
    expiredText: 'Sign in again to continue. What you have typed stays as it is, and the action completes after you sign in.',
    signOutInstead: 'Sign out',
  },
};
