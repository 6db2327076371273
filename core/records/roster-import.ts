import { EMPLOYEE_STATUSES, type EmployeeStatus } from './employee.js';
import type { EmergencyContact, FieldValue } from './field-catalog.js';
import { isRole, type Role } from './roles.js';
import { err, ok, type Result } from '../shared/result.js';
import {
  REQUIRED_COLUMNS, VAULT_COLUMNS, emergencyColumn, isAmount, isBankAccount, isDingtalkUserId, isEmail, isEmployeeNo,
  isIdNumber, isIsoDate, isKnownColumn, isPhone, parseBoolean, parseDepartmentPath,
} from './roster-columns.js';

/** One data row of a roster file; `line` is where it starts (CSV line, or JSON record number). */
export interface RosterRow {
  readonly line: number;
  readonly values: Readonly<Record<string, string>>;
}

export interface RosterInput {
  /** Columns named by the file (CSV header, or the union of JSON keys). */
  readonly columns: readonly string[];
  readonly rows: readonly RosterRow[];
}

/** What the database already holds that a row may refer to or collide with. */
export interface RosterContext {
  readonly existingEmployeeNos: ReadonlySet<string>;
  /** DingTalk user id → the employee no. that holds it. */
  readonly dingtalkOwners: ReadonlyMap<string, string>;
}

export const ROSTER_PROBLEMS = [
  'missing_column', 'unknown_column', 'no_rows', 'required', 'bad_employee_no', 'duplicate_employee_no', 'bad_dingtalk_user_id',
  'duplicate_dingtalk_user_id', 'dingtalk_user_id_taken', 'bad_department_path', 'manager_not_found', 'manager_is_self',
  'manager_cycle', 'bad_date', 'bad_email', 'bad_phone', 'bad_id_number', 'bad_bank_account', 'bad_amount', 'bad_boolean',
  'unknown_role', 'unknown_status', 'last_day_required', 'relay_needs_email', 'incomplete_emergency_contact',
  'two_department_heads', 'too_long',
] as const;
export type RosterProblemCode = (typeof ROSTER_PROBLEMS)[number];

/** Never carries a cell's value (it may be personal data): a line, a column and a code. */
export interface RosterProblem {
  readonly line: number;
  readonly column: string | null;
  readonly code: RosterProblemCode;
  /** The other line involved (duplicates, two heads), when there is one. */
  readonly otherLine?: number;
}

/** A validated row, normalised, ready to be written. */
export interface RosterEntry {
  readonly line: number;
  readonly employeeNo: string;
  readonly name: string;
  readonly dingtalkUserId: string | null;
  readonly departmentPath: readonly string[];
  readonly managerEmployeeNo: string | null;
  readonly title: string;
  readonly workEmail: string | null;
  readonly workPhone: string | null;
  readonly roles: readonly Role[];
  readonly status: EmployeeStatus;
  readonly hireDate: string | null;
  readonly contractType: string | null;
  readonly contractEnd: string | null;
  readonly lastDay: string | null;
  readonly relayOptIn: boolean;
  readonly postDepartureEmail: string | null;
  /** Vault fields named by the file; `null` clears the stored value. Columns the file lacks are absent. */
  readonly vault: ReadonlyMap<string, FieldValue | null>;
}

const DATE_COLUMNS = ['birthday', 'hire_date', 'contract_end', 'last_day'] as const;
const EMAIL_COLUMNS = ['work_email', 'personal_email', 'post_departure_email'] as const;
const PHONE_COLUMNS = ['work_phone', 'personal_phone'] as const;
const MAX_TEXT = 200;

/**
 * Checks every row and reports every problem at once (all-or-nothing import): missing or
 * unknown columns, required values, formats, roles, statuses, duplicates in the file, managers
 * found neither in the file nor the database, manager cycles, malformed department paths.
 */
export function validateRoster(input: RosterInput, ctx: RosterContext): Result<RosterEntry[], RosterProblem[]> {
  const problems: RosterProblem[] = [];
  for (const c of REQUIRED_COLUMNS) if (!input.columns.includes(c)) problems.push({ line: 1, column: c, code: 'missing_column' });
  for (const c of input.columns) if (!isKnownColumn(c)) problems.push({ line: 1, column: c, code: 'unknown_column' });
  if (problems.length) return err(problems);
  if (input.rows.length === 0) return err([{ line: 1, column: null, code: 'no_rows' }]);

  const has = new Set(input.columns);
  const entries: RosterEntry[] = [];
  const firstLineOfNo = new Map<string, number>();
  const firstLineOfDingtalk = new Map<string, number>();
  for (const row of input.rows) {
    // Rows with their own problems still take part in the cross-row checks, so the report is complete.
    const entry = validateRow(row, has, problems);
    if (entry.employeeNo === '') continue;
    const seen = firstLineOfNo.get(entry.employeeNo);
    if (seen !== undefined) problems.push({ line: row.line, column: 'employee_no', code: 'duplicate_employee_no', otherLine: seen });
    else firstLineOfNo.set(entry.employeeNo, row.line);
    if (entry.dingtalkUserId !== null) {
      const other = firstLineOfDingtalk.get(entry.dingtalkUserId);
      const owner = ctx.dingtalkOwners.get(entry.dingtalkUserId);
      if (other !== undefined) problems.push({ line: row.line, column: 'dingtalk_user_id', code: 'duplicate_dingtalk_user_id', otherLine: other });
      else firstLineOfDingtalk.set(entry.dingtalkUserId, row.line);
      if (owner !== undefined && owner !== entry.employeeNo) problems.push({ line: row.line, column: 'dingtalk_user_id', code: 'dingtalk_user_id_taken' });
    }
    entries.push(entry);
  }
  checkManagers(entries, ctx, problems);
  checkHeads(entries, problems);
  if (problems.length) return err(problems.sort((a, b) => a.line - b.line));
  return ok(entries);
}

function validateRow(row: RosterRow, has: ReadonlySet<string>, problems: RosterProblem[]): RosterEntry {
  const at = (column: string | null, code: RosterProblemCode) => problems.push({ line: row.line, column, code });
  const trimmed: Record<string, string> = {};
  for (const c in row.values) trimmed[c] = row.values[c]!.trim();
  const cell = (c: string) => trimmed[c] ?? '';
  const opt = (c: string) => (trimmed[c] ? trimmed[c] : null);

  for (const c of ['employee_no', 'name', 'department']) if (cell(c) === '') at(c, 'required');
  for (const c in row.values) if (c !== 'home_address' && row.values[c]!.length > MAX_TEXT) at(c, 'too_long');
  if ((row.values.home_address ?? '').length > 500) at('home_address', 'too_long');
  if (cell('employee_no') !== '' && !isEmployeeNo(cell('employee_no'))) at('employee_no', 'bad_employee_no');
  if (opt('manager_employee_no') !== null && !isEmployeeNo(cell('manager_employee_no'))) at('manager_employee_no', 'bad_employee_no');
  if (opt('dingtalk_user_id') !== null && !isDingtalkUserId(cell('dingtalk_user_id'))) at('dingtalk_user_id', 'bad_dingtalk_user_id');
  const path = cell('department') === '' ? undefined : parseDepartmentPath(cell('department'));
  if (cell('department') !== '' && !path) at('department', 'bad_department_path');
  for (const c of DATE_COLUMNS) if (opt(c) !== null && !isIsoDate(cell(c))) at(c, 'bad_date');
  for (const c of EMAIL_COLUMNS) if (opt(c) !== null && !isEmail(cell(c))) at(c, 'bad_email');
  for (const c of PHONE_COLUMNS) if (opt(c) !== null && !isPhone(cell(c))) at(c, 'bad_phone');
  if (opt('id_number') !== null && !isIdNumber(cell('id_number'))) at('id_number', 'bad_id_number');
  if (opt('bank_account') !== null && !isBankAccount(cell('bank_account'))) at('bank_account', 'bad_bank_account');
  if (opt('salary') !== null && !isAmount(cell('salary'))) at('salary', 'bad_amount');

  const roleNames = cell('roles') === '' ? ['employee'] : cell('roles').split(';').map((r) => r.trim()).filter(Boolean);
  if (roleNames.some((r) => !isRole(r))) at('roles', 'unknown_role');
  const status = cell('status') === '' ? 'active' : cell('status');
  if (!(EMPLOYEE_STATUSES as readonly string[]).includes(status)) at('status', 'unknown_status');
  if (status === 'departed' && opt('last_day') === null) at('last_day', 'last_day_required');
  const relay = parseBoolean(cell('relay_opt_in'));
  if (relay === undefined) at('relay_opt_in', 'bad_boolean');
  if (relay === true && opt('post_departure_email') === null) at('relay_opt_in', 'relay_needs_email');

  const contacts = emergencyContacts(row, has, at);

  const vault = new Map<string, FieldValue | null>();
  for (const c of VAULT_COLUMNS) if (has.has(c)) vault.set(c, opt(c));
  if (contacts !== undefined) vault.set('emergency_contacts', contacts.length ? contacts : null);
  return {
    line: row.line,
    employeeNo: cell('employee_no'),
    name: cell('name'),
    dingtalkUserId: opt('dingtalk_user_id'),
    departmentPath: path ?? [],
    managerEmployeeNo: opt('manager_employee_no'),
    title: cell('title'),
    workEmail: opt('work_email'),
    workPhone: opt('work_phone'),
    roles: [...new Set(roleNames.filter(isRole))],
    status: status as EmployeeStatus,
    hireDate: opt('hire_date'),
    contractType: opt('contract_type'),
    contractEnd: opt('contract_end'),
    lastDay: opt('last_day'),
    relayOptIn: relay === true,
    postDepartureEmail: opt('post_departure_email'),
    vault,
  };
}

/** Contacts 1..n; undefined when the file has no emergency-contact columns at all. */
function emergencyContacts(
  row: RosterRow,
  has: ReadonlySet<string>,
  at: (column: string | null, code: RosterProblemCode) => void,
): EmergencyContact[] | undefined {
  const byIndex = new Map<number, { name: string; relation: string; phone: string; column: string }>();
  for (const column of has) {
    const ec = emergencyColumn(column);
    if (!ec) continue;
    const slot = byIndex.get(ec.index) ?? { name: '', relation: '', phone: '', column };
    slot[ec.part] = (row.values[column] ?? '').trim();
    if (ec.part === 'name') slot.column = column;
    byIndex.set(ec.index, slot);
  }
  if (byIndex.size === 0) return undefined;
  const contacts: EmergencyContact[] = [];
  for (const index of [...byIndex.keys()].sort((a, b) => a - b)) {
    const { name, relation, phone, column } = byIndex.get(index)!;
    const filled = [name, relation, phone].filter((v) => v !== '').length;
    if (filled === 0) continue;
    if (filled < 3) at(column, 'incomplete_emergency_contact');
    else if (!isPhone(phone)) at(column.replace(/_name$/, '_phone'), 'bad_phone');
    else contacts.push({ name, relation, phone });
  }
  return contacts;
}

function checkManagers(entries: readonly RosterEntry[], ctx: RosterContext, problems: RosterProblem[]): void {
  const managerOf = new Map(entries.map((e) => [e.employeeNo, e.managerEmployeeNo]));
  const lineOf = new Map(entries.map((e) => [e.employeeNo, e.line]));
  for (const e of entries) {
    const m = e.managerEmployeeNo;
    if (m === null) continue;
    if (m === e.employeeNo) problems.push({ line: e.line, column: 'manager_employee_no', code: 'manager_is_self' });
    else if (!managerOf.has(m) && !ctx.existingEmployeeNos.has(m))
      problems.push({ line: e.line, column: 'manager_employee_no', code: 'manager_not_found' });
  }
  // Cycles within the file (A reports to B reports to A): walk each chain once.
  const state = new Map<string, 'walking' | 'done'>();
  for (const e of entries) {
    const chain: string[] = [];
    let cur: string | null | undefined = e.employeeNo;
    while (cur && managerOf.has(cur) && state.get(cur) !== 'done') {
      if (state.get(cur) === 'walking') {
        if (cur !== managerOf.get(cur)) problems.push({ line: lineOf.get(cur)!, column: 'manager_employee_no', code: 'manager_cycle' });
        break;
      }
      state.set(cur, 'walking');
      chain.push(cur);
      cur = managerOf.get(cur);
    }
    for (const c of chain) state.set(c, 'done');
  }
}

/** A dept_head heads their own department; two in one department is ambiguous. */
function checkHeads(entries: readonly RosterEntry[], problems: RosterProblem[]): void {
  const headLine = new Map<string, number>();
  for (const e of entries) {
    if (!e.roles.includes('dept_head') || e.status === 'departed' || e.departmentPath.length === 0) continue;
    const key = e.departmentPath.join('/');
    const other = headLine.get(key);
    if (other !== undefined) problems.push({ line: e.line, column: 'roles', code: 'two_department_heads', otherLine: other });
    else headLine.set(key, e.line);
  }
}

/** A departed person's departure instant: the end of their last day (UTC). */
export function departedAtFor(lastDay: string): string {
  const [y, m, d] = lastDay.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString();
}
