import { DAY_MS } from '../../core/shared/clock.port.js';
import { DEFAULT_CATALOG } from '../../core/records/default-catalog.js';
import { NO_SEPARATION, type Employee } from '../../core/records/employee.js';
import { employee } from '../../core/testing/test-company.js';
import type { FieldValue } from '../../core/records/field-catalog.js';
import type { OffboardingDb } from '../offboarding/offboarding-db.js';

/** A former employee who left `daysAgo` days before the clock's now, relays off, no channel. */
export function formerEmployee(id: string, now: Date, daysAgo: number, overrides: Partial<Employee> = {}): Employee {
  const departed = new Date(now.getTime() - daysAgo * DAY_MS);
  const lastDay = departed.toISOString().slice(0, 10);
  return employee({
    id,
    name: `前员工${id}`,
    departmentId: 'd-rd',
    employeeNo: `X-${id}`,
    status: 'departed',
    separation: { ...NO_SEPARATION, resignationDate: lastDay, lastDay, reasonCategory: 'career', departedAt: departed.toISOString(), finalPayDate: lastDay },
    ...overrides,
  });
}

export const valuesFor = (n: number): Map<string, FieldValue> =>
  new Map<string, FieldValue>([
    ['personal_phone', `1390000${String(n).padStart(4, '0')}`],
    ['home_address', `CANARY-HOME-${n}`],
    ['id_number', `11010119800101${String(n).padStart(4, '0')}`],
    ['salary', `CANARY-PAY-${n}`],
    ['emergency_contacts', [{ name: `CANARY-EC-${n}`, relation: '父亲', phone: `1370000${String(n).padStart(4, '0')}` }]],
  ]);

/** Saves the people with their vault values through the application's repositories. */
export async function seedPeople(h: OffboardingDb, people: readonly Employee[]): Promise<void> {
  await h.transactor.run(async (uow) => {
    let n = 0;
    for (const p of people) {
      await uow.employees.save({ ...p, version: 0 });
      await uow.vault.write(p.id, valuesFor(n++), DEFAULT_CATALOG);
    }
  });
}
