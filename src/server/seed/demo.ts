/**
 * Demo accounts and requests, so that `npm start` on a bare machine shows a working call centre.
 * Every request goes through the same service an operator's does. Runs once (when no users exist).
 */
import type { Db } from '../db/client.js';
import { categories, departments, users } from '../db/schema.js';
import { loadActor } from '../modules/auth/auth.service.js';
import type { WorkingCalendar } from '../modules/calendar/working-days.js';
import { createRequest } from '../modules/requests/requests.service.js';
import { forwardRequest, transitionRequest } from '../modules/requests/requests.workflow.js';
import { createUser } from '../modules/users/users.service.js';
import type { Role } from '../../shared/roles.js';

export const DEMO_PASSWORD = 'dimotis-demo-2026';

export const DEMO_USERS: { username: string; fullName: string; role: Role; departments: string[] }[] = [
  { username: 'admin', fullName: 'Ελένη Διαχειρίστρια', role: 'admin', departments: [] },
  { username: 'supervisor', fullName: 'Νίκος Παπαδάκης', role: 'supervisor', departments: [] },
  { username: 'operator', fullName: 'Μαρία Τηλεφωνήτρια', role: 'operator', departments: [] },
  { username: 'operator2', fullName: 'Γιώργος Κωστάκης', role: 'operator', departments: [] },
  { username: 'tech.head', fullName: 'Σταύρος Μαυράκης', role: 'department_head', departments: ['technical'] },
  { username: 'tech.staff', fullName: 'Δημήτρης Αλεξάκης', role: 'department_staff', departments: ['technical'] },
  { username: 'light.staff', fullName: 'Κατερίνα Σφακιανάκη', role: 'department_staff', departments: ['lighting'] },
  { username: 'clean.head', fullName: 'Ανδρέας Τζανακάκης', role: 'department_head', departments: ['cleaning'] },
  { username: 'green.staff', fullName: 'Ειρήνη Βασιλάκη', role: 'department_staff', departments: ['green'] },
  { username: 'help.team', fullName: 'Σοφία Λαμπράκη', role: 'department_staff', departments: ['help-at-home', 'social'] },
];

const CALLS: { category: string; description: string; address: string; name: string; phone: string; email?: string; sms?: boolean; channel?: 'phone' | 'email' | 'voicemail' }[] = [
  { category: 'road-damage', description: 'Μεγάλη λακκούβα στο ρεύμα προς το λιμάνι, κινδυνεύουν δίκυκλα.', address: 'Λεωφ. Ικάρου 45, έναντι φαρμακείου', name: 'Γιάννης Μανουσάκης', phone: '6944123456', sms: true },
  { category: 'street-lighting', description: 'Δεν ανάβουν τρεις κολώνες φωτισμού, σκοτάδι όλο το βράδυ.', address: 'Οδός Έβανς 12', name: 'Αικατερίνη Δασκαλάκη', phone: '6972345678', sms: true },
  { category: 'bulky-items', description: 'Παλιός καναπές και στρώμα για αποκομιδή, έχουν τοποθετηθεί δίπλα στους κάδους.', address: 'Οδός Καλοκαιρινού 102', name: 'Μιχάλης Ξυλούρης', phone: '2810345678' },
  { category: 'trees', description: 'Κλαδιά πεύκου ακουμπούν στα καλώδια της ΔΕΗ, χρειάζεται κλάδεμα.', address: 'Πλατεία Ελευθερίας, βόρεια πλευρά', name: 'Ελένη Κουκουράκη', phone: '6987654321', email: 'eleni.k@example.com' },
  { category: 'cleaning', description: 'Οι κάδοι δεν έχουν αδειάσει εδώ και τέσσερις μέρες.', address: 'Οδός Μεραμβέλλου 7', name: 'Νίκη Φραγκιαδάκη', phone: '6945551234', sms: true },
  { category: 'common-spaces', description: 'Σπασμένη κούνια στην παιδική χαρά, επικίνδυνη για τα παιδιά.', address: 'Πάρκο Γεωργιάδη', name: 'Κώστας Πετράκης', phone: '6932221100', channel: 'voicemail' },
  { category: 'signs-mirrors', description: 'Χρειάζεται καθρέπτης στη στροφή, δεν φαίνονται τα αυτοκίνητα.', address: 'Γωνία Μαχαιρά και Σμύρνης', name: 'Ζαχαρίας Τσαγκαράκης', phone: '2810223344' },
  { category: 'road-damage', description: 'Καθίζηση οδοστρώματος μετά από έργα αποχέτευσης.', address: 'Οδός Κνωσού 210', name: 'Γιάννης Μανουσάκης', phone: '6944123456' },
  { category: 'appointment', description: 'Ζητά ραντεβού με την πολεοδομία για έγγραφα άδειας.', address: '', name: 'Παναγιώτα Λαμπράκη', phone: '6971112233', email: 'p.lampraki@example.com', channel: 'email' },
  { category: 'help-at-home', description: 'Ηλικιωμένη που μένει μόνη χρειάζεται φάρμακα από το φαρμακείο σήμερα.', address: 'Οδός Αγίου Τίτου 3, 2ος όροφος', name: 'Ευαγγελία Μαρκάκη', phone: '2810998877' },
  { category: 'green-spaces', description: 'Τα χόρτα στο παρτέρι έχουν ψηλώσει πάνω από ένα μέτρο.', address: 'Οδός Δημοκρατίας 55', name: 'Στέλιος Παπαδογιάννης', phone: '6948889900' },
  { category: 'road-damage', description: 'Σπασμένο καπάκι φρεατίου στη μέση του δρόμου, κίνδυνος για τα αυτοκίνητα.', address: 'Οδός 25ης Αυγούστου 30', name: 'Μαρίνα Σταυρακάκη', phone: '6973334455', sms: true },
  { category: 'common-spaces', description: 'Ξηλωμένα πλακάκια στο πεζοδρόμιο μπροστά στο σχολείο.', address: 'Οδός Γιαμαλάκη 18', name: 'Θοδωρής Καλογεράκης', phone: '6946667788', email: 'thodoris.k@example.com' },
  { category: 'technical', description: 'Βουλωμένη σχάρα όμβριων, πλημμυρίζει ο δρόμος όταν βρέχει.', address: 'Οδός Μίνωος 77', name: 'Ελευθερία Ζαχαριουδάκη', phone: '2810556677', channel: 'email' },
  { category: 'new-lights', description: 'Αίτημα για νέο φωτιστικό στο αδιέξοδο, δεν υπάρχει καθόλου φως.', address: 'Αδιέξοδο οδού Ιδομενέως', name: 'Αντώνης Χατζάκης', phone: '6955667788', sms: true },
];

export async function seedDemo(db: Db, calendar: WorkingCalendar): Promise<boolean> {
  const [anyUser] = await db.select({ id: users.id }).from(users).limit(1);
  if (anyUser) return false;
  const depts = new Map((await db.select({ id: departments.id, code: departments.code }).from(departments)).map((d) => [d.code, d.id]));
  const ids = new Map<string, string>();
  for (const u of DEMO_USERS) {
    const created = await createUser(db, null, { ...u, email: null, active: true, password: DEMO_PASSWORD, departmentIds: u.departments.map((d) => depts.get(d)!) });
    ids.set(u.username, created.id);
  }
  const actorOf = async (username: string) => (await loadActor(db, ids.get(username)!, '127.0.0.1', 'demo-seed'))!;
  const operator = await actorOf('operator');
  const cats = new Map((await db.select({ id: categories.id, code: categories.code }).from(categories)).map((c) => [c.code, c.id]));
  const created: string[] = [];
  const start = Date.now() - CALLS.length * 3 * 3_600_000;
  for (const [i, call] of CALLS.entries()) {
    const r = await createRequest(db, operator, {
      channel: call.channel ?? 'phone',
      categoryId: cats.get(call.category)!,
      description: call.description,
      addressText: call.address || undefined,
      priority: call.category === 'help-at-home' ? 'urgent' : 'normal',
      citizen: { fullName: call.name, phone: call.phone, email: call.email, smsConsent: call.sms, emailConsent: !!call.email },
    }, { now: new Date(start + i * 3 * 3_600_000), calendar, phoneRegion: 'GR' });
    created.push(r.request.id);
  }
  const techHead = await actorOf('tech.head');
  await transitionRequest(db, techHead, created[0]!, { to: 'scheduled', publicNote: 'Το συνεργείο θα επισκεφθεί το σημείο την Πέμπτη.' });
  await transitionRequest(db, techHead, created[7]!, { to: 'in_progress' });
  await forwardRequest(db, techHead, created[5]!, { departmentId: depts.get('green')!, reason: 'Η παιδική χαρά ανήκει στο Τμήμα Πρασίνου.' });
  const lightStaff = await actorOf('light.staff');
  await transitionRequest(db, lightStaff, created[1]!, { to: 'resolved', publicNote: 'Αντικαταστάθηκαν οι λαμπτήρες.' });
  return true;
}
