import type { Department } from '../records/department.js';
import type { Employee } from '../records/employee.js';

export interface RecordValueContext {
  readonly departments: ReadonlyMap<string, Department>;
  /** The manager's display name, looked up by the caller (null when none). */
  readonly managerName: string | null;
}

/**
 * The value of a catalog field stored in the plain record (storage: 'record'). A field the
 * record has no column for (a catalog addition not wired yet) reads as null.
 */
export function recordValue(employee: Employee, key: string, ctx: RecordValueContext): string | null {
  const s = employee.separation;
  switch (key) {
    case 'employee_no':
      return employee.employeeNo;
    case 'name':
      return employee.name;
    case 'department': {
      const d = ctx.departments.get(employee.departmentId);
      return d ? d.path : null;
    }
    case 'title':
      return employee.title;
    case 'work_email':
      return employee.workEmail;
    case 'work_phone':
      return employee.workPhone;
    case 'status':
      return employee.status;
    case 'manager':
      return ctx.managerName;
    case 'hire_date':
      return employee.hireDate;
    case 'contract_type':
      return employee.contractType;
    case 'contract_end':
      return employee.contractEnd;
    case 'resignation_date':
      return s.resignationDate;
    case 'last_day':
      return s.lastDay;
    case 'reason_category':
      return s.reasonCategory;
    case 'handover_status':
      return s.handoverStatus;
    case 'relay_opt_in':
      return s.relayOptIn ? 'true' : 'false';
    default:
      return null;
  }
}
