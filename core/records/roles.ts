export const ROLES = ['employee', 'dept_head', 'hr_admin', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

export const isRole = (s: string): s is Role => (ROLES as readonly string[]).includes(s);
