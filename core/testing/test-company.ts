import { DAY_MS, FixedClock } from '../shared/clock.port.js';
import { SequentialIds } from '../shared/ids.port.js';
import type { Transactor } from '../shared/unit-of-work.port.js';
import { DEFAULT_CATALOG } from '../records/default-catalog.js';
import type { Department } from '../records/department.js';
import type { Employee } from '../records/employee.js';
import { NO_SEPARATION } from '../records/employee.js';
import type { FieldCatalog, FieldValue } from '../records/field-catalog.js';
import { InMemoryCatalog } from './in-memory-catalog.js';
import { InMemoryDepartments } from './in-memory-departments.js';
import { InMemoryEmployees } from './in-memory-employees.js';
import { InMemoryTransactor, inMemoryStores, type InMemoryStores } from './in-memory-transactor.js';

/** An active employee with plausible defaults; override what the test is about. */
export function employee(overrides: Partial<Employee> & Pick<Employee, 'id' | 'name' | 'departmentId'>): Employee {
  return {
    employeeNo: `E${overrides.id.replace(/\W/g, '').toUpperCase()}`,
    dingtalkUserId: `dt-${overrides.id}`,
    managerId: null,
    title: '工程师',
    workEmail: `${overrides.id}@corp.example`,
    workPhone: '010-88886666',
    status: 'active',
    roles: ['employee'],
    hireDate: '2021-03-01',
    contractType: 'fixed_term',
    contractEnd: '2027-02-28',
    separation: NO_SEPARATION,
    legalHold: false,
    anonymisedAt: null,
    locale: 'zh-CN',
    version: 1,
    ...overrides,
  };
}

const dept = (id: string, name: string, parentId: string | null, path: string, headEmployeeId: string | null = null): Department => ({
  id,
  name,
  parentId,
  path,
  headEmployeeId,
});

/** The demo tree: 研发部 has a child 平台组; 销售部 and 人力资源部 are its siblings. */
export const TEST_DEPARTMENTS = {
  root: dept('d-root', 'Boundary', null, 'Boundary'),
  rd: dept('d-rd', '研发部', 'd-root', 'Boundary/研发部', 'e-head'),
  platform: dept('d-platform', '平台组', 'd-rd', 'Boundary/研发部/平台组'),
  sales: dept('d-sales', '销售部', 'd-root', 'Boundary/销售部', 'e-sales-head'),
  hr: dept('d-hr', '人力资源部', 'd-root', 'Boundary/人力资源部'),
} as const;

export const TEST_NOW = new Date('2026-06-15T02:00:00.000Z');

export interface TestCompany {
  readonly stores: InMemoryStores;
  readonly tx: InMemoryTransactor & Transactor;
  readonly clock: FixedClock;
  readonly ids: SequentialIds;
  /** The deps every access use case takes. */
  readonly deps: { readonly tx: InMemoryTransactor; readonly clock: FixedClock; readonly ids: SequentialIds };
  readonly people: Record<keyof typeof PEOPLE, Employee>;
  readonly departments: typeof TEST_DEPARTMENTS;
  /** Vault contents per employee id (canary values: any of them in a log or message is a leak). */
  readonly vaultValues: ReadonlyMap<string, ReadonlyMap<string, FieldValue>>;
}

const PEOPLE = {
  hr: { id: 'e-hr', name: '赵敏', departmentId: 'd-hr', roles: ['employee', 'hr_admin'] },
  hr2: { id: 'e-hr2', name: '钱芳', departmentId: 'd-hr', roles: ['employee', 'hr_admin'] },
  head: { id: 'e-head', name: '王强', departmentId: 'd-rd', roles: ['employee', 'dept_head'], title: '研发总监' },
  salesHead: { id: 'e-sales-head', name: '孙丽', departmentId: 'd-sales', roles: ['employee', 'dept_head'], title: '销售总监' },
  li: { id: 'e-li', name: '李娜', departmentId: 'd-rd', managerId: 'e-head' },
  chen: { id: 'e-chen', name: '陈伟', departmentId: 'd-rd', managerId: 'e-head' },
  zhou: { id: 'e-zhou', name: '周杰', departmentId: 'd-platform', managerId: 'e-head' },
  wu: { id: 'e-wu', name: '吴静', departmentId: 'd-sales', managerId: 'e-sales-head' },
  auditor: { id: 'e-auditor', name: '郑审', departmentId: 'd-hr', roles: ['auditor'], title: '审计员' },
  zhang: { id: 'e-zhang', name: '张伟', departmentId: 'd-rd', managerId: 'e-head' },
} satisfies Record<string, Partial<Employee> & Pick<Employee, 'id' | 'name' | 'departmentId'>>;

/** Personal values with a recognisable shape; tests grep logs and messages for them. */
function canaryValues(id: string, n: number): Map<string, FieldValue> {
  const nn = String(n).padStart(2, '0');
  return new Map<string, FieldValue>([
    ['personal_phone', `139000000${nn}`],
    ['personal_email', `canary.${id}@mail.example`],
    ['home_address', `CANARY-ADDR-${nn} 北京市海淀区某路${nn}号`],
    ['birthday', `1990-01-${nn}`],
    ['id_number', `1101011990010100${nn}`],
    ['salary', `CANARY-SALARY-${nn}`],
    ['bank_account', `62220000000000${nn}`],
    ['emergency_contacts', [{ name: `CANARY联系人${nn}`, relation: '母亲', phone: `137000000${nn}` }]],
  ]);
}

/**
 * A small company: HR (two admins), a 研发部 head whose subtree includes 平台组, a sales head,
 * employees in both departments, an auditor, and Zhang, who left six months ago with his
 * emergency contacts still retained (the seed's one-year setting).
 */
export async function buildTestCompany(options: { now?: Date; catalog?: FieldCatalog } = {}): Promise<TestCompany> {
  const now = options.now ?? TEST_NOW;
  const clock = new FixedClock(now);
  const ids = new SequentialIds('t');
  const departments = new InMemoryDepartments(Object.values(TEST_DEPARTMENTS));
  const catalog = options.catalog ?? DEFAULT_CATALOG;
  const departedAt = new Date(now.getTime() - 182 * DAY_MS);
  const people = Object.fromEntries(
    Object.entries(PEOPLE).map(([k, p]) => [k, employee(p as Parameters<typeof employee>[0])]),
  ) as Record<keyof typeof PEOPLE, Employee>;
  people.zhang = {
    ...people.zhang,
    status: 'departed',
    separation: {
      ...NO_SEPARATION,
      resignationDate: departedAt.toISOString().slice(0, 10),
      lastDay: departedAt.toISOString().slice(0, 10),
      reasonCategory: 'career',
      handoverStatus: 'confirmed',
      postDepartureChannel: 'email',
      relayOptIn: true,
      departedAt: departedAt.toISOString(),
    },
  };
  const stores = inMemoryStores({
    departments,
    employees: new InMemoryEmployees(Object.values(people), departments),
    catalog: new InMemoryCatalog(catalog),
  });
  const vaultValues = new Map<string, Map<string, FieldValue>>();
  let n = 0;
  for (const p of Object.values(people)) {
    n += 1;
    const values = canaryValues(p.id, n);
    vaultValues.set(p.id, values);
    await stores.vault.write(p.id, values, catalog);
  }
  const tx = new InMemoryTransactor(stores);
  return { stores, tx, clock, ids, deps: { tx, clock, ids }, people, departments: TEST_DEPARTMENTS, vaultValues };
}
