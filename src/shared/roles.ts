/** Staff roles. Department roles are scoped to the departments a user belongs to. */
export const ROLES = ['admin', 'supervisor', 'operator', 'department_head', 'department_staff'] as const;
export type Role = (typeof ROLES)[number];

/** Roles that see every department's requests (the call centre needs the whole history of a caller). */
export const CITYWIDE_ROLES: readonly Role[] = ['admin', 'supervisor', 'operator'];

export const isDepartmentRole = (role: Role): boolean => role === 'department_head' || role === 'department_staff';

export const ROLE_NAMES: Record<Role, { el: string; en: string }> = {
  admin: { el: 'Διαχειριστής', en: 'Administrator' },
  supervisor: { el: 'Επόπτης', en: 'Supervisor' },
  operator: { el: 'Τηλεφωνητής', en: 'Call-centre operator' },
  department_head: { el: 'Προϊστάμενος τμήματος', en: 'Department head' },
  department_staff: { el: 'Υπάλληλος τμήματος', en: 'Department staff' },
};
