/**
 * The municipality's starting reference data: departments and the categories of the Heraklion
 * line (2813-409409), plus a general request, an appointment request and Help at Home (Lamia).
 * Runs on the first start only (no departments yet), so an administrator's later edits stand.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { categories, categoryRoutes, departments } from '../db/schema.js';

interface DepartmentSeed { code: string; el: string; en: string; emails: string[] }
interface CategorySeed { code: string; el: string; en: string; department: string; sla: number; keywords: string[]; citizen?: boolean }

export const DEPARTMENTS: DepartmentSeed[] = [
  { code: 'cleaning', el: 'Διεύθυνση Καθαριότητας', en: 'Cleaning Department', emails: ['kathariotita@example.gov.gr'] },
  { code: 'green', el: 'Τμήμα Πρασίνου', en: 'Green Spaces Department', emails: ['prasino@example.gov.gr'] },
  { code: 'technical', el: 'Τεχνική Υπηρεσία', en: 'Technical Services', emails: ['texniki@example.gov.gr'] },
  { code: 'lighting', el: 'Τμήμα Ηλεκτροφωτισμού', en: 'Street Lighting Department', emails: ['fotismos@example.gov.gr'] },
  { code: 'traffic', el: 'Τμήμα Κυκλοφορίας και Σήμανσης', en: 'Traffic and Signage Department', emails: ['simansi@example.gov.gr'] },
  { code: 'admin-support', el: 'Τμήμα Διοικητικής Υποστήριξης', en: 'Administrative Support Department', emails: ['protokollo@example.gov.gr'] },
  { code: 'social', el: 'Διεύθυνση Κοινωνικής Προστασίας', en: 'Social Services', emails: ['koinoniki@example.gov.gr'] },
  { code: 'help-at-home', el: 'Βοήθεια στο Σπίτι', en: 'Help at Home', emails: ['voithia@example.gov.gr'] },
  { code: 'citizen-service', el: 'Γραφείο Εξυπηρέτησης Δημοτών', en: 'Citizen Service Office', emails: ['kep@example.gov.gr'] },
];

export const CATEGORIES: CategorySeed[] = [
  { code: 'cleaning', el: 'Καθαριότητα (απορρίμματα, σκουπίδια)', en: 'Cleaning (waste, litter)', department: 'cleaning', sla: 3, keywords: ['σκουπίδια', 'απορρίμματα', 'κάδος', 'κάδοι', 'καθαριότητα', 'βρωμιά', 'ανακύκλωση'] },
  { code: 'green-spaces', el: 'Χώροι πρασίνου', en: 'Green spaces', department: 'green', sla: 10, keywords: ['πράσινο', 'γκαζόν', 'πότισμα', 'χόρτα', 'παρτέρι', 'άλσος'] },
  { code: 'technical', el: 'Τεχνική Υπηρεσία', en: 'Technical Service', department: 'technical', sla: 10, keywords: ['τεχνική', 'βλάβη', 'αποχέτευση', 'φρεάτιο', 'σχάρα', 'κτίριο'] },
  { code: 'bulky-items', el: 'Αποκομιδή ογκωδών αντικειμένων', en: 'Bulky item removal', department: 'cleaning', sla: 5, keywords: ['ογκώδη', 'ογκωδών', 'έπιπλα', 'στρώμα', 'καναπές', 'ψυγείο', 'κλαδέματα'] },
  { code: 'road-damage', el: 'Φθορές οδοστρώματος (λακκούβες κ.λπ.)', en: 'Road-surface damage (potholes etc.)', department: 'technical', sla: 10, keywords: ['λακκούβα', 'λακκούβες', 'οδόστρωμα', 'άσφαλτος', 'δρόμος', 'καθίζηση'] },
  { code: 'street-lighting', el: 'Βλάβες δημοτικού φωτισμού', en: 'Street-lighting faults', department: 'lighting', sla: 5, keywords: ['φως', 'φωτισμός', 'λάμπα', 'κολώνα', 'φανοστάτης', 'σκοτάδι', 'καμένη'] },
  { code: 'trees', el: 'Κλάδεμα, κοπή και φύτευση δέντρων', en: 'Tree pruning, cutting and planting', department: 'green', sla: 15, keywords: ['δέντρο', 'δέντρα', 'κλάδεμα', 'κλαδί', 'κοπή', 'φύτευση', 'ρίζες'] },
  { code: 'common-spaces', el: 'Συντήρηση κοινόχρηστων χώρων (παιδικές χαρές, πάρκα, πεζοδρόμια)', en: 'Common spaces (playgrounds, parks, pavements)', department: 'technical', sla: 15, keywords: ['παιδική χαρά', 'πάρκο', 'πεζοδρόμιο', 'παγκάκι', 'κούνια', 'πλακάκια'] },
  { code: 'signs-mirrors', el: 'Τοποθέτηση πινακίδων και καθρεπτών', en: 'Traffic signs and mirrors', department: 'traffic', sla: 15, keywords: ['πινακίδα', 'σήμανση', 'καθρέπτης', 'καθρέφτης', 'stop', 'διάβαση'] },
  { code: 'new-lights', el: 'Τοποθέτηση φωτιστικών σωμάτων', en: 'Installation of light fixtures', department: 'lighting', sla: 30, keywords: ['νέο φωτιστικό', 'φωτιστικό', 'τοποθέτηση φωτός', 'κολώνα φωτισμού'] },
  { code: 'general', el: 'Γενικό αίτημα', en: 'General request', department: 'citizen-service', sla: 10, keywords: ['γενικό', 'πληροφορίες', 'άλλο', 'παράπονο'] },
  { code: 'appointment', el: 'Αίτημα ραντεβού με υπηρεσία', en: 'Appointment request', department: 'citizen-service', sla: 3, keywords: ['ραντεβού', 'συνάντηση', 'επίσκεψη', 'δικαιολογητικά'] },
  { code: 'help-at-home', el: 'Βοήθεια στο Σπίτι (υγεία, νοσηλεία, επείγον)', en: 'Help at Home (health, nursing, urgent)', department: 'help-at-home', sla: 1, keywords: ['βοήθεια στο σπίτι', 'ηλικιωμένος', 'μοναχικός', 'νοσηλεία', 'φάρμακα', 'υγεία', 'επείγον'], citizen: false },
];

export async function seedReferenceData(db: Db): Promise<void> {
  await db.transaction(async (tx) => {
    const [{ n } = { n: 0 }] = await tx.select({ n: sql<number>`count(*)::int` }).from(departments);
    if (n > 0) return;
    await tx
      .insert(departments)
      .values(DEPARTMENTS.map((d) => ({ code: d.code, nameEl: d.el, nameEn: d.en, emails: d.emails })))
      .onConflictDoNothing({ target: departments.code });
    await tx
      .insert(categories)
      .values(CATEGORIES.map((c, i) => ({ code: c.code, nameEl: c.el, nameEn: c.en, keywords: c.keywords, slaWorkingDays: c.sla, citizenSelectable: c.citizen ?? true, sortOrder: (i + 1) * 10 })))
      .onConflictDoNothing({ target: categories.code });
    for (const c of CATEGORIES) {
      await tx.execute(sql`
        insert into ${categoryRoutes} (category_id, department_id)
        select c.id, d.id from ${categories} c, ${departments} d where c.code = ${c.code} and d.code = ${c.department}
        on conflict (category_id) do nothing`);
    }
  });
}
