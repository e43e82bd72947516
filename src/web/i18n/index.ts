/** i18next with Greek first; the choice is kept in localStorage. */
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { adminMessages } from '../features/admin/messages';
import { authMessages } from '../features/auth/messages';
import { intakeMessages } from '../features/intake/messages';
import { alertMessages } from '../features/alerts/messages';
import { requestMessages } from '../features/requests/messages';
import { notificationMessages } from '../features/notifications/messages';
import { trackMessages } from '../features/tracking/messages';
import { el } from './el';
import { en } from './en';

export type Lang = 'el' | 'en';
const saved = typeof localStorage !== 'undefined' ? (localStorage.getItem('dimotis.lang') as Lang | null) : null;

void i18n.use(initReactI18next).init({
  // Each feature keeps its texts beside its code (features/*/messages.ts), under its own key.
  resources: {
    el: { translation: { ...el, admin: adminMessages.el, req: requestMessages.el, track: trackMessages.el, msg: notificationMessages.el, authx: authMessages.el, con: intakeMessages.el, alerts: alertMessages.el } },
    en: { translation: { ...en, admin: adminMessages.en, req: requestMessages.en, track: trackMessages.en, msg: notificationMessages.en, authx: authMessages.en, con: intakeMessages.en, alerts: alertMessages.en } },
  },
  lng: saved ?? 'el',
  fallbackLng: 'el',
  interpolation: { escapeValue: false },
});

export function setLanguage(lang: Lang): void {
  void i18n.changeLanguage(lang);
  localStorage.setItem('dimotis.lang', lang);
  document.documentElement.lang = lang;
}

/** Picks the el or en text of a localised name from the API. */
export const pick = (name: { el: string; en: string }, lang: string): string => (lang === 'en' ? name.en : name.el);

const dateFmt = (lang: string) => new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'el-GR', { timeZone: 'Europe/Athens', day: '2-digit', month: '2-digit', year: 'numeric' });
const dateTimeFmt = (lang: string) =>
  new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'el-GR', { timeZone: 'Europe/Athens', day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** dd/mm/yyyy in Athens time. */
export const formatDate = (iso: string | null, lang: string): string => (iso ? dateFmt(lang).format(new Date(iso)) : '—');
/** dd/mm/yyyy hh:mm in Athens time. */
export const formatDateTime = (iso: string | null, lang: string): string => {
  if (!iso) return '—';
  // "22/11/2026 16:19": built from parts, because Intl puts a comma between date and time.
  const parts = Object.fromEntries(dateTimeFmt(lang).formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
  return `${parts.day}/${parts.month}/${parts.year} ${parts.hour}:${parts.minute}`;
};

export default i18n;
