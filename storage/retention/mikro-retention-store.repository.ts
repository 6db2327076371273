import type { Employee } from '../../core/records/employee.js';
import type { KeyScope } from '../../core/records/field-catalog.js';
import type { Anonymisation, RetentionStore, ShredTarget } from '../../core/retention/retention.port.js';
import type { KeyRing } from '../crypto/key-ring.js';
import { EMPLOYEE_COLUMNS, toEmployee } from '../records/employee-row.js';
import { Sql, type Row } from '../records/sql.js';
import { pgTextArray } from '../audit/keyword.js';
import { allRows, prepared, withSqliteConnection } from '../audit/sqlite-raw.js';
import { ShreddableKeyRing } from './shreddable-key-ring.js';

type KeyRef = { readonly id: string; readonly scope: string };

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
  /** Data keys per person as read by `liveScopes` in this transaction (the store lives as long as it). */
  private readonly keys = new Map<string, KeyRef[]>();

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
    const rows = await this.rows(`${SELECT} where ${status} = 'departed' and anonymised_at is null and id > ? order by id limit ?`, [afterId ?? '', limit]);
    return rows.map(toEmployee);
  }

  async liveScopes(employeeIds: readonly string[]): Promise<Map<string, KeyScope[]>> {
    const out = new Map<string, KeyScope[]>();
    if (employeeIds.length === 0) return out;
    const rows = await this.rows(`select id, employee_id, scope from data_keys where employee_id in ${this.list()}`, [this.listParam(employeeIds)]);
    for (const id of employeeIds) this.keys.set(id, []);
    for (const r of rows) {
      const employeeId = String(r.employee_id);
      out.set(employeeId, [...(out.get(employeeId) ?? []), String(r.scope) as KeyScope]);
      this.keys.get(employeeId)!.push({ id: String(r.id), scope: String(r.scope) });
    }
    return out;
  }

  async shred(targets: readonly ShredTarget[]): Promise<Map<string, string[]>> {
    const erased = new Map<string, string[]>();
    const wanted = new Set(targets.flatMap((t) => t.scopes.map((s) => `${t.employeeId}|${s}`)));
    if (wanted.size === 0) return erased;
    const keyIds: string[] = [];
    for (const [employeeId, keys] of await this.keysOf(targets.map((t) => t.employeeId)))
      for (const k of keys) if (wanted.has(`${employeeId}|${k.scope}`)) keyIds.push(k.id);
    if (keyIds.length === 0) return erased;
    // The destroyable secrets go first: if this transaction then fails, the values are unreadable
    // already (they were due), and the next run removes what is left.
    if (this.keyring instanceof ShreddableKeyRing) this.keyring.shred(keyIds);
    else for (const id of keyIds) this.keyring.cache.forget(id);
    const list = this.listParam(keyIds);
    // The erasure records come from the rows about to go (field names and scopes, no values).
    await this.exec(
      `insert into vault_erasures (employee_id, field, scope, erased_at)
       select v.employee_id, v.field, k.scope, ${this.sql.driver === 'postgresql' ? '?::timestamptz' : '?'} from field_values v join data_keys k on k.id = v.data_key_id
       where v.data_key_id in ${this.list()} on conflict (employee_id, field) do nothing`,
      [this.now().toISOString(), list],
    );
    const fields = await this.rows(`delete from field_values where data_key_id in ${this.list()} returning employee_id, field`, [list]);
    await this.exec(`delete from data_keys where id in ${this.list()}`, [list]);
    // A correction request's free text may repeat the very value it is about (a new address):
    // it goes with that field. The request itself (field, status, dates) stays as evidence.
    await this.exec(
      `update correction_requests set note = '' where employee_id in ${this.list()} and note <> ''
       and field in (select e.field from vault_erasures e where e.employee_id = correction_requests.employee_id)`,
      [this.listParam(targets.map((t) => t.employeeId))],
    );
    for (const t of targets) this.keys.delete(t.employeeId); // read afresh if asked again
    for (const f of fields) erased.set(String(f.employee_id), [...(erased.get(String(f.employee_id)) ?? []), String(f.field)]);
    return erased;
  }

  /** Data keys per person: those `liveScopes` read in this transaction, the rest read now. */
  private async keysOf(employeeIds: readonly string[]): Promise<Map<string, readonly KeyRef[]>> {
    const missing = employeeIds.filter((id) => !this.keys.has(id));
    if (missing.length) await this.liveScopes(missing);
    return new Map(employeeIds.map((id) => [id, this.keys.get(id) ?? []]));
  }

  /**
   * An id list as one bound parameter: a JSON array on SQLite, a text[] on PostgreSQL. One
   * statement text for every batch size, so SQLite prepares each statement once per connection.
   */
  private list(): string {
    return this.sql.driver === 'sqlite' ? '(select value from json_each(?))' : '(select unnest(?::text[]))';
  }

  private listParam(ids: readonly string[]): string {
    return this.sql.driver === 'sqlite' ? JSON.stringify(ids) : pgTextArray(ids);
  }

  /** Reads (and `returning` writes) on the transaction's connection, prepared once on SQLite. */
  private rows(sql: string, params: unknown[]): Promise<Row[]> {
    return allRows<Row>(this.sql.em, this.sql.driver, sql, params);
  }

  private async exec(sql: string, params: unknown[]): Promise<void> {
    if (this.sql.driver === 'postgresql') await this.sql.run(sql, params);
    else await withSqliteConnection(this.sql.em, (conn) => prepared(conn, sql).run(...params));
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
        // Nothing of the person's own words outlives the minimal record.
        await this.exec(`update correction_requests set note = '' where employee_id in ${this.list()} and note <> ''`, [
          this.listParam(chunk.map((a) => a.employeeId)),
        ]);
      }
    }
  }
}
