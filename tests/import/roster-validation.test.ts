import { describe, expect, it } from 'vitest';
import { departedAtFor, validateRoster, type RosterContext, type RosterInput } from '../../core/records/roster-import.js';

const none: RosterContext = { existingEmployeeNos: new Set(), dingtalkOwners: new Map() };

const roster = (rows: Record<string, string>[], extraColumns: string[] = []): RosterInput => {
  const columns = [...new Set(['employee_no', 'name', 'department', ...extraColumns, ...rows.flatMap((r) => Object.keys(r))])];
  return { columns, rows: rows.map((values, i) => ({ line: i + 2, values })) };
};

const good = (no: string, more: Record<string, string> = {}) => ({ employee_no: no, name: `员工${no}`, department: '研发部/平台组', ...more });

describe('roster validation', () => {
  it('normalises a good row: path, roles, defaults, vault fields and emergency contacts', () => {
    const r = validateRoster(
      roster([
        good('E1', {
          roles: 'employee; dept_head',
          personal_phone: '139 1234 5678',
          birthday: '1990-03-07',
          emergency_contact_name: '张建国',
          emergency_contact_relation: '父亲',
          emergency_contact_phone: '13800001111',
          emergency_contact_2_name: '',
          emergency_contact_2_relation: '',
          emergency_contact_2_phone: '',
          relay_opt_in: '是',
          post_departure_email: 'me@home.example',
        }),
      ]),
      none,
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const e = r.value[0]!;
    expect(e.departmentPath).toEqual(['研发部', '平台组']);
    expect(e.roles).toEqual(['employee', 'dept_head']);
    expect(e.status).toBe('active');
    expect(e.relayOptIn).toBe(true);
    expect(e.vault.get('personal_phone')).toBe('139 1234 5678');
    expect(e.vault.get('emergency_contacts')).toEqual([{ name: '张建国', relation: '父亲', phone: '13800001111' }]);
    expect(e.vault.has('id_number')).toBe(false); // column absent: left alone
  });

  it('lists every problem of every bad row with its line, never stopping at the first', () => {
    const r = validateRoster(
      roster([
        good('E1'),
        good('E2', { birthday: '1990-02-30', personal_email: 'not-an-email', roles: 'employee;boss' }),
        good('E1'),
        { employee_no: 'E4', name: '', department: '研发部//平台组', status: 'retired' },
        good('E5', { manager_employee_no: 'E99', personal_phone: 'call me' }),
        good('E6', { status: 'departed', emergency_contact_name: '母亲', emergency_contact_relation: '', emergency_contact_phone: '' }),
      ]),
      none,
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.map((p) => [p.line, p.column, p.code])).toEqual([
      [3, 'birthday', 'bad_date'],
      [3, 'personal_email', 'bad_email'],
      [3, 'roles', 'unknown_role'],
      [4, 'employee_no', 'duplicate_employee_no'],
      [5, 'name', 'required'],
      [5, 'department', 'bad_department_path'],
      [5, 'status', 'unknown_status'],
      [6, 'personal_phone', 'bad_phone'],
      [6, 'manager_employee_no', 'manager_not_found'],
      [7, 'last_day', 'last_day_required'],
      [7, 'emergency_contact_name', 'incomplete_emergency_contact'],
    ]);
    expect(r.error.find((p) => p.code === 'duplicate_employee_no')?.otherLine).toBe(2);
  });

  it('finds managers in the file or the database, and refuses self-management and cycles', () => {
    const ctx: RosterContext = { existingEmployeeNos: new Set(['BOSS']), dingtalkOwners: new Map([['user_x', 'OTHER']]) };
    expect(validateRoster(roster([good('E1', { manager_employee_no: 'BOSS' }), good('E2', { manager_employee_no: 'E1' })]), ctx).ok).toBe(true);
    const bad = validateRoster(
      roster([
        good('A', { manager_employee_no: 'B' }),
        good('B', { manager_employee_no: 'A' }),
        good('C', { manager_employee_no: 'C', dingtalk_user_id: 'user_x' }),
      ]),
      ctx,
    );
    expect(bad.ok ? [] : bad.error.map((p) => p.code).sort()).toEqual(['dingtalk_user_id_taken', 'manager_cycle', 'manager_is_self']);
  });

  it('refuses unknown and missing columns before looking at rows', () => {
    const r = validateRoster({ columns: ['employee_no', 'nmae', 'department'], rows: [] }, none);
    expect(r.ok ? [] : r.error.map((p) => [p.column, p.code])).toEqual([
      ['name', 'missing_column'],
      ['nmae', 'unknown_column'],
    ]);
  });

  it('refuses two heads for one department, relay without an address, and bad identity formats', () => {
    const r = validateRoster(
      roster([
        good('H1', { roles: 'dept_head' }),
        good('H2', { roles: 'dept_head;employee', relay_opt_in: 'yes' }),
        good('E3', { id_number: '1101011990030712', bank_account: '6222-0202', salary: '12,000', relay_opt_in: 'maybe' }),
      ]),
      none,
    );
    expect(r.ok ? [] : r.error.map((p) => `${p.line}:${p.code}`)).toEqual([
      '3:relay_needs_email',
      '3:two_department_heads',
      '4:bad_id_number',
      '4:bad_bank_account',
      '4:bad_amount',
      '4:bad_boolean',
    ]);
  });

  it('a problem report holds lines, columns and codes only — never a cell value', () => {
    const r = validateRoster(roster([good('E1', { personal_phone: 'SECRET-13912345678x', id_number: '11010119900307123' })]), none);
    expect(JSON.stringify(r)).not.toContain('13912345678');
    expect(JSON.stringify(r)).not.toContain('11010119900307123');
  });

  it('a departed person left at the end of their last day', () => {
    expect(departedAtFor('2025-12-31')).toBe('2026-01-01T00:00:00.000Z');
  });
});
