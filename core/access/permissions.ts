import type { Employee } from '../records/employee.js';
import type { Role } from '../records/roles.js';

/**
 * Functions that are not about one person's fields (those go through `decide`): who may run
 * them, as one table used by the mini-app API and the bot alike. Former employees hold none.
 */
export const PERMISSIONS = {
  'archive.search': ['hr_admin'],
  'former.library': ['hr_admin'],
  'catalog.read': ['hr_admin'],
  'catalog.edit': ['hr_admin'],
  'roles.edit': ['hr_admin'],
  'legal_hold.edit': ['hr_admin'],
  'approvals.decide': ['hr_admin'],
  'reviews.read': ['hr_admin', 'auditor'],
  'reviews.close': ['hr_admin'],
  'outbox.dead_letters': ['hr_admin'],
  'contact.queue': ['hr_admin'],
  'offboarding.manage': ['hr_admin'],
  'team.roster': ['dept_head'],
  'audit.search': ['auditor', 'hr_admin'],
  'audit.export': ['auditor'],
  'audit.verify': ['auditor'],
  'audit.stats': ['auditor'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function can(actor: Pick<Employee, 'roles' | 'status'> | null, permission: Permission): boolean {
  if (!actor || actor.status === 'departed') return false;
  const allowed: readonly Role[] = PERMISSIONS[permission];
  return actor.roles.some((r) => allowed.includes(r));
}
