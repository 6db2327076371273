import type { Department } from '../../../core/records/department.js';
import { NO_SEPARATION, type Employee } from '../../../core/records/employee.js';

export const department = (id: string, path: string, parentId: string | null = null): Department => ({
  id,
  name: path.split('/').pop()!,
  parentId,
  path,
  headEmployeeId: null,
});

export const employee = (id: string, overrides: Partial<Employee> = {}): Employee => ({
  id,
  employeeNo: `E${id}`,
  name: `员工${id}`,
  dingtalkUserId: `user_${id}`,
  departmentId: 'd-rd',
  managerId: null,
  title: 'Engineer',
  workEmail: `${id}@corp.example`,
  workPhone: null,
  status: 'active',
  roles: ['employee'],
  hireDate: '2022-03-01',
  contractType: 'fixed',
  contractEnd: '2027-02-28',
  separation: NO_SEPARATION,
  legalHold: false,
  anonymisedAt: null,
  locale: null,
  version: 0,
  ...overrides,
});
