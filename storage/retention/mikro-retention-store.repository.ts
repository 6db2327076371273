import type { Employee } from '../../core/records/employee.js';
import type { KeyScope } from '../../core/records/field-catalog.js';
import type { Anonymisation, RetentionStore, ShredTarget } from '../../core/retention/retention.port.js';
import type { KeyRing } from '../crypto/key-ring.js';
import { EMPLOYEE_COLUMNS, toEmployee } from '../records/employee-row.js';
import { Sql } from '../records/sql.js';
import { ShreddableKeyRing } from './shreddable-key-ring.js';

/** The purge's advisory lock id on PostgreSQL ("boundary purge"); any constant all instances share. */
export const PURGE_LOCK_KEY = 0x42_70_75_72;

/** Employee columns a record field blanks to (name becomes the pseudonym; kept fields are absent). */
const BLANK: Readonly<Record<string, readonly (readonly [string, unknown])[]>> = {
  title: [['title', '']],
  work_email: [['work_email', null]],
  work_phone: [['work_phone', null]],
  manager: [['manager_id', null]],
  contract_type: [['contract_type', null]],
  contract_end: [['contract_end', null]],
  resignation_date: [['resignation_date', null]],
  reason_category: [['reason_category', null]],
  handover_status: [['handover_status', 'not_started']],
  relay_opt_in: [['relay_opt_in', 0]],
};

const SELECT = `select ${EMPLOYEE_COLUMNS.join(', ')} from employees`;

export class MikroRetentionStore implements RetentionStore {
  constructor(
    private readonly sql: Sql,
    private readonly keyring: KeyRing,
    private readonly now: () => Date,
  ) {}

  async tryLock(): Promise<boolean> {
    if (this.sql.driver !== 'postgresql') return true; // one writer per SQLite file anyway
    const r = await this.sql.get<{ locked: boolean }>('select pg_try_advisory_xact_lock(?::bigint) as locked', [PURGE_LOCK_KEY]);
    return r?.locked === true;
  }

  async candidates(afterId: string | null, limit: number): Promise<Employee[]> {
    // SQLite would pick the status index and sort every departed person for each batch
    // (quadratic over a run: 100k people, 500 batches); `+status` keeps it on the primary key,
    // walking forward from the cursor. PostgreSQL's planner weighs both with statistics.
    const status = this.sql.driver === 'sqlite' ? '+status' : 'status';
    const rows = await this.sql.all(`${SELECT} where ${status} = 'departed' and anonymised_at is null and id > ? order by id limit ?`, [afterId ?? '', limit]);
    return rows.map(toEmployee);
  }

  async liveScopes(employeeIds: readonly string[]): Promise<Map<string, KeyScope[]>> {
    const out = new Map<string, KeyScope[]>();
    if (employeeIds.length === 0) return out;
    const rows = await this.sql.all(`select employee_id, scope from data_keys where employee_id in (${Sql.marks(employeeIds.length)})`, employeeIds);
    for (const r of rows) out.set(String(r.employee_id), [...(out.get(String(r.employee_id)) ?? []), String(r.scope) as KeyScope]);
    return out;
  }

  async shred(targets: readonly ShredTarget[]): Promise<Map<string, string[]>> {
    const erased = new Map<string, string[]>();
    const wanted = new Set(targets.flatMap((t) => t.scopes.map((s) => `${t.employeeId}|${s}`)));
    const ids = [...new Set(targets.map((t) => t.employeeId))];
    if (wanted.size === 0) return erased;
    const keys = (await this.sql.all(`select id, employee_id, scope from data_keys where employee_id in (${Sql.marks(ids.length)})`, ids)).filter((k) =>
      wanted.has(`${String(k.employee_id)}|${String(k.scope)}`),
    );
    if (keys.length === 0) return erased;
    const keyIds = keys.map((k) => String(k.id));
    const scopeOf = new Map(keys.map((k) => [String(k.id), String(k.scope)] as const));
    const marks = Sql.marks(keyIds.length);
    const fields = await this.sql.all(`select employee_id, field, data_key_id from field_values where data_key_id in (${marks})`, keyIds);
    // The destroyable secrets go first: if this transaction then fails, the values are unreadable
    // already (they were due), and the next run removes what is left.
    if (this.keyring instanceof ShreddableKeyRing) this.keyring.shred(keyIds);
    else for (const id of keyIds) this.keyring.cache.forget(id);
    await this.sql.run(`delete from field_values where data_key_id in (${marks})`, keyIds);
    await this.sql.run(`delete from data_keys where id in (${marks})`, keyIds);
    const at = this.now().toISOString();
    for (let i = 0; i < fields.length; i += 200) {
      const chunk = fields.slice(i, i + 200);
      await this.sql.run(
        `insert into vault_erasures (employee_id, field, scope, erased_at) values ${Sql.tuples(chunk.length, 4)} on conflict (employee_id, field) do nothing`,
        chunk.flatMap((f) => [String(f.employee_id), String(f.field), scopeOf.get(String(f.data_key_id)) ?? '', at]),
      );
    }
    for (const f of fields) erased.set(String(f.employee_id), [...(erased.get(String(f.employee_id)) ?? []), String(f.field)]);
    return erased;
  }

  async finish(): Promise<void> {
    if (this.keyring instanceof ShreddableKeyRing) this.keyring.compact();
  }

  async anonymise(items: readonly Anonymisation[]): Promise<void> {
    // People with the same blanked fields share one statement; the name comes from a CASE.
    const groups = new Map<string, Anonymisation[]>();
    for (const a of items) {
      const k = [...a.recordFields].sort().join(',');
      groups.set(k, [...(groups.get(k) ?? []), a]);
    }
    for (const group of groups.values()) {
      for (let i = 0; i < group.length; i += 200) {
        const chunk = group.slice(i, i + 200);
        const sets = new Map<string, unknown>([
          ['dingtalk_user_id', null],
          ['locale', null],
          ['post_departure_channel', 'none'],
        ]);
        for (const f of chunk[0]!.recordFields) for (const [col, v] of BLANK[f] ?? []) sets.set(col, v);
        const setSql = [...sets.keys()].map((c) => `${c} = ?`).join(', ');
        const cases = chunk.map(() => 'when ? then ?').join(' ');
        const nameSql = chunk[0]!.recordFields.includes('name') ? `name = case id ${cases} end, ` : '';
        const params: unknown[] = [
          ...(nameSql ? chunk.flatMap((a) => [a.employeeId, a.pseudonym]) : []),
          ...[...sets.values()].map((v) => (v === 0 && this.sql.driver === 'postgresql' ? false : v)),
          chunk[0]!.at.toISOString(),
          ...chunk.map((a) => a.employeeId),
        ];
        await this.sql.run(
          `update employees set ${nameSql}${setSql}, anonymised_at = ?, version = version + 1 where id in (${Sql.marks(chunk.length)})`,
          params,
        );
      }
    }
  }
}
