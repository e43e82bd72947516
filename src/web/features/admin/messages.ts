/** Texts of the administration screens (t('admin.…')), Greek first. */
const el = {
  title: 'Διαχείριση',
};
export const adminMessages: { el: typeof el; en: typeof el } = {
  el,
  en: {
    title: 'Administration',
  },
};
