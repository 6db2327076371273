import type { RosterProblem, RosterProblemCode } from '../../core/records/roster-import.js';
import type { RosterFormat } from './roster-file.js';

const REASONS: Record<RosterProblemCode, string> = {
  missing_column: 'required column is missing from the header',
  unknown_column: 'unknown column (check the spelling; headers are snake_case)',
  no_rows: 'the file has no employee rows',
  required: 'a value is required',
  bad_employee_no: 'not a valid employee no. (letters, digits, - _ . ; at most 32)',
  duplicate_employee_no: 'employee_no appears more than once in the file',
  bad_dingtalk_user_id: 'not a valid DingTalk user id',
  duplicate_dingtalk_user_id: 'dingtalk_user_id appears more than once in the file',
  dingtalk_user_id_taken: 'dingtalk_user_id already belongs to another employee in the database',
  bad_department_path: 'department path is malformed (use names separated by /, e.g. 研发部/平台组)',
  manager_not_found: 'manager_employee_no is neither in the file nor in the database',
  manager_is_self: 'an employee cannot be their own manager',
  manager_cycle: 'managers form a cycle',
  bad_date: 'not a date (YYYY-MM-DD)',
  bad_email: 'not an email address',
  bad_phone: 'not a phone number (5–15 digits, optional +, spaces or dashes)',
  bad_id_number: 'not an ID number (18 characters: 17 digits and a digit or X)',
  bad_bank_account: 'not a bank account number (10–30 digits)',
  bad_amount: 'not an amount (digits, at most two decimals)',
  bad_boolean: 'not yes/no (true/false, yes/no, 1/0, 是/否)',
  unknown_role: 'unknown role (employee, dept_head, hr_admin, auditor; separate with ;)',
  unknown_status: 'unknown status (active, pending_departure, departed)',
  last_day_required: 'a departed employee needs last_day',
  relay_needs_email: 'relay_opt_in needs a post_departure_email to relay to',
  incomplete_emergency_contact: 'an emergency contact needs name, relation and phone',
  two_department_heads: 'another dept_head heads the same department',
  too_long: 'value is too long',
};

/** One line per problem: where, which column, why. Never the cell's content. */
export function formatProblems(problems: readonly RosterProblem[], format: RosterFormat): string {
  const where = (p: RosterProblem) =>
    p.code === 'missing_column' || p.code === 'unknown_column' || p.code === 'no_rows'
      ? 'header'
      : format === 'csv'
        ? `line ${p.line}`
        : `record ${p.line}`;
  const badRows = new Set(problems.map((p) => p.line)).size;
  const lines = problems.map((p) => {
    const other = p.otherLine === undefined ? '' : ` (see ${format === 'csv' ? 'line' : 'record'} ${p.otherLine})`;
    return `  ${where(p)}: ${p.column ?? '-'}: ${REASONS[p.code]}${other}`;
  });
  return `Import refused: ${problems.length} problem(s) in ${badRows} row(s); nothing was written.\n${lines.join('\n')}\n`;
}
