import type { Employee } from '../../core/records/employee.js';
import type { EmployeeSearch, Employees } from '../../core/records/records.ports.js';
import { domainError } from '../../core/shared/domain-error.js';
import { EMPLOYEE_COLUMNS, employeeParams, toEmployee } from './employee-row.js';
import { Sql } from './sql.js';

const SELECT = `select ${EMPLOYEE_COLUMNS.map((c) => `e.${c}`).join(', ')} from employees e`;
const UPDATE_SET = EMPLOYEE_COLUMNS.filter((c) => c !== 'id' && c !== 'version')
  .map((c) => `${c} = ?`)
  .join(', ');

/** `like` pattern for a literal substring ('\' escapes % and _). */
const containsPattern = (text: string) => `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export class MikroEmployees implements Employees {
  constructor(private readonly sql: Sql) {}

  async get(id: string): Promise<Employee | null> {
    const row = await this.sql.get(`${SELECT} where e.id = ?`, [id]);
    return row ? toEmployee(row) : null;
  }

  async getByEmployeeNo(employeeNo: string): Promise<Employee | null> {
    const row = await this.sql.get(`${SELECT} where e.employee_no = ?`, [employeeNo]);
    return row ? toEmployee(row) : null;
  }

  async getByDingtalkUserId(userId: string): Promise<Employee | null> {
    const row = await this.sql.get(`${SELECT} where e.dingtalk_user_id = ?`, [userId]);
    return row ? toEmployee(row) : null;
  }

  async search(q: EmployeeSearch): Promise<Employee[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    let from = SELECT;
    if (q.text !== undefined && q.text.trim() !== '') {
      from += ' join departments d on d.id = e.department_id';
      const p = containsPattern(q.text.trim());
      where.push(`(lower(e.name) like ? escape '\\' or lower(e.employee_no) like ? escape '\\' or lower(d.path) like ? escape '\\')`);
      params.push(p, p, p);
    }
    const statuses = q.status === undefined ? [] : typeof q.status === 'string' ? [q.status] : [...q.status];
    if (statuses.length) {
      where.push(`e.status in (${Sql.marks(statuses.length)})`);
      params.push(...statuses);
    }
    if (q.departmentIds !== undefined) {
      if (q.departmentIds.length === 0) return [];
      where.push(`e.department_id in (${Sql.marks(q.departmentIds.length)})`);
      params.push(...q.departmentIds);
    }
    if (q.afterId !== undefined) {
      where.push('e.id > ?');
      params.push(q.afterId);
    }
    const sql = `${from}${where.length ? ` where ${where.join(' and ')}` : ''} order by e.id limit ?`;
    const rows = await this.sql.all(sql, [...params, q.limit]);
    return rows.map(toEmployee);
  }

  /** Insert, or update when `employee.version` is the stored one; a stale version is a conflict. */
  async save(employee: Employee): Promise<Employee> {
    const current = await this.sql.get<{ version: unknown }>('select version from employees where id = ?', [employee.id]);
    if (!current) {
      await this.sql.run(
        `insert into employees (${EMPLOYEE_COLUMNS.join(', ')}) values (${Sql.marks(EMPLOYEE_COLUMNS.length)})`,
        employeeParams(employee, 1),
      );
      return { ...employee, version: 1 };
    }
    const params = employeeParams(employee, employee.version + 1).slice(1, -1);
    const changed = await this.sql.run(`update employees set ${UPDATE_SET}, version = version + 1 where id = ? and version = ?`, [
      ...params,
      employee.id,
      employee.version,
    ]);
    if (changed !== 1) throw domainError('RECORD.CONFLICT', { id: employee.id });
    return { ...employee, version: employee.version + 1 };
  }
}
