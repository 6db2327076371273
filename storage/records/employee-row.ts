import type { Employee, EmployeeStatus, HandoverStatus, SeparationReason } from '../../core/records/employee.js';
import type { Role } from '../../core/records/roles.js';
import { bit, bool, isoOrNull, num, strOrNull, type Row } from './sql.js';

/** Columns of `employees`, in the order `employeeParams` binds them. */
export const EMPLOYEE_COLUMNS = [
  'id', 'employee_no', 'name', 'dingtalk_user_id', 'department_id', 'manager_id', 'title', 'work_email',
  'work_phone', 'status', 'roles', 'hire_date', 'contract_type', 'contract_end', 'resignation_date', 'last_day',
  'reason_category', 'handover_status', 'post_departure_channel', 'relay_opt_in', 'departed_at', 'final_pay_date',
  'legal_hold', 'anonymised_at', 'locale', 'version',
] as const;

export function employeeParams(e: Employee, version: number): unknown[] {
  const s = e.separation;
  return [
    e.id, e.employeeNo, e.name, e.dingtalkUserId, e.departmentId, e.managerId, e.title, e.workEmail,
    e.workPhone, e.status, JSON.stringify(e.roles), e.hireDate, e.contractType, e.contractEnd, s.resignationDate,
    s.lastDay, s.reasonCategory, s.handoverStatus, s.postDepartureChannel, bit(s.relayOptIn), s.departedAt,
    s.finalPayDate, bit(e.legalHold), e.anonymisedAt, e.locale, version,
  ];
}

export function toEmployee(r: Row): Employee {
  return {
    id: String(r.id),
    employeeNo: String(r.employee_no),
    name: String(r.name),
    dingtalkUserId: strOrNull(r.dingtalk_user_id),
    departmentId: String(r.department_id),
    managerId: strOrNull(r.manager_id),
    title: String(r.title ?? ''),
    workEmail: strOrNull(r.work_email),
    workPhone: strOrNull(r.work_phone),
    status: String(r.status) as EmployeeStatus,
    roles: JSON.parse(String(r.roles)) as Role[],
    hireDate: strOrNull(r.hire_date),
    contractType: strOrNull(r.contract_type),
    contractEnd: strOrNull(r.contract_end),
    separation: {
      resignationDate: strOrNull(r.resignation_date),
      lastDay: strOrNull(r.last_day),
      reasonCategory: strOrNull(r.reason_category) as SeparationReason | null,
      handoverStatus: String(r.handover_status) as HandoverStatus,
      postDepartureChannel: r.post_departure_channel === 'email' ? 'email' : 'none',
      relayOptIn: bool(r.relay_opt_in),
      departedAt: isoOrNull(r.departed_at),
      finalPayDate: strOrNull(r.final_pay_date),
    },
    legalHold: bool(r.legal_hold),
    anonymisedAt: isoOrNull(r.anonymised_at),
    locale: r.locale === 'zh-CN' || r.locale === 'en' ? r.locale : null,
    version: num(r.version),
  };
}
