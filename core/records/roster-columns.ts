/** The roster file's columns (snake_case headers), as HR exports them. */
export const ROSTER_COLUMNS = [
  'employee_no', 'name', 'dingtalk_user_id', 'department', 'manager_employee_no', 'title', 'work_email', 'work_phone',
  'personal_phone', 'personal_email', 'home_address', 'birthday', 'id_number', 'hire_date', 'contract_type',
  'contract_end', 'salary', 'bank_account', 'roles', 'status', 'last_day', 'relay_opt_in', 'post_departure_email',
] as const;
export type RosterColumn = (typeof ROSTER_COLUMNS)[number];

export const REQUIRED_COLUMNS: readonly RosterColumn[] = ['employee_no', 'name', 'department'];

/** Columns whose values go to the encrypted vault (field key = column name), plus `emergency_contacts`. */
export const VAULT_COLUMNS = [
  'personal_phone', 'personal_email', 'home_address', 'birthday', 'id_number', 'salary', 'bank_account', 'post_departure_email',
] as const;

/** At most this many emergency contacts per person (emergency_contact_…, emergency_contact_2_… ). */
export const MAX_EMERGENCY_CONTACTS = 5;
const EMERGENCY_RE = /^emergency_contact(?:_([2-9]))?_(name|relation|phone)$/;

/** Which contact (1-based) and part an emergency-contact column names, or null. */
export function emergencyColumn(column: string): { index: number; part: 'name' | 'relation' | 'phone' } | null {
  const m = EMERGENCY_RE.exec(column);
  if (!m) return null;
  const index = m[1] ? Number(m[1]) : 1;
  if (index > MAX_EMERGENCY_CONTACTS) return null;
  return { index, part: m[2] as 'name' | 'relation' | 'phone' };
}

export const isKnownColumn = (column: string): boolean =>
  (ROSTER_COLUMNS as readonly string[]).includes(column) || emergencyColumn(column) !== null;

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar date written YYYY-MM-DD. */
export function isIsoDate(s: string): boolean {
  const m = DATE_RE.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const dt = new Date(Date.UTC(y, mo - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === mo - 1 && dt.getUTCDate() === d;
}

export const isEmail = (s: string): boolean => s.length <= 254 && /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/.test(s);

/** Digits with an optional leading +, spaces or dashes; 5 to 15 digits (E.164 length). */
export function isPhone(s: string): boolean {
  if (!/^\+?[0-9][0-9 -]*$/.test(s)) return false;
  const digits = s.replace(/\D/g, '').length;
  return digits >= 5 && digits <= 15;
}

/** Mainland resident ID: 18 characters (17 digits + digit or X), or the old 15-digit form. */
export const isIdNumber = (s: string): boolean => /^(\d{17}[\dXx]|\d{15})$/.test(s);

export const isBankAccount = (s: string): boolean => /^\d{10,30}$/.test(s.replace(/ /g, ''));

export const isAmount = (s: string): boolean => /^\d{1,12}(\.\d{1,2})?$/.test(s);

export const isEmployeeNo = (s: string): boolean => /^[A-Za-z0-9][A-Za-z0-9_.-]{0,31}$/.test(s);

export const isDingtalkUserId = (s: string): boolean => /^[A-Za-z0-9_.-]{1,64}$/.test(s);

/** true/false, yes/no, 1/0, y/n, 是/否; empty means false. Undefined when unreadable. */
export function parseBoolean(s: string): boolean | undefined {
  const v = s.trim().toLowerCase();
  if (['', 'false', 'no', 'n', '0', '否'].includes(v)) return false;
  if (['true', 'yes', 'y', '1', '是'].includes(v)) return true;
  return undefined;
}

/** "研发部/平台组" → ['研发部', '平台组']; undefined when a segment is empty or too long. */
export function parseDepartmentPath(s: string): string[] | undefined {
  const parts = s.split('/').map((p) => p.trim());
  if (parts.length === 0 || parts.length > 8) return undefined;
  if (parts.some((p) => p.length === 0 || p.length > 64)) return undefined;
  return parts;
}
