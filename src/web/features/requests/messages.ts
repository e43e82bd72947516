/** Texts of the request list, inbox and request page (t('req.…')), Greek first. */
const el = {
  listTitle: 'Αιτήματα',
};
export const requestMessages: { el: typeof el; en: typeof el } = {
  el,
  en: {
    listTitle: 'Requests',
  },
};
