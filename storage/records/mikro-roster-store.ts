import type { EntityManager } from '@mikro-orm/knex';
import type { AccessLogWriter } from '../../core/audit/access-log.port.js';
import type { PromptPorts } from '../../core/consent/consent-prompt.js';
import { NO_SEPARATION, type Employee } from '../../core/records/employee.js';
import { fieldByKey, type FieldCatalog, type KeyScope } from '../../core/records/field-catalog.js';
import { departedAtFor, type RosterContext, type RosterEntry } from '../../core/records/roster-import.js';
import type { RosterApplyOptions, RosterCounts, RosterStore } from '../../core/records/roster-store.port.js';
import type { StorageContext } from '../unit-of-work.js';
import { EMPLOYEE_COLUMNS, employeeParams, toEmployee } from './employee-row.js';
import { MikroFieldCatalogStore } from './mikro-field-catalog.repository.js';
import { Sql } from './sql.js';
import { toDataKeyRow, VaultKeys, type DataKeyRow } from './vault-keys.js';

const EMPLOYEE_BATCH = 500; // 26 columns: well under SQLite's 32,766 bound parameters
const ROW_BATCH = 2000;
const IN_BATCH = 500;

const UPSERT_SET = EMPLOYEE_COLUMNS.filter((c) => c !== 'id' && c !== 'version')
  .map((c) => `${c} = excluded.${c}`)
  .join(', ');

const chunks = <T>(items: readonly T[], size: number): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
};

/**
 * Writes a validated roster in ONE transaction with multi-row statements (a flush per row would
 * take minutes for 100k people): departments by path, employees upserted by employee no.,
 * managers and heads, then the vault fields sealed under each person's per-scope data keys.
 */
export class MikroRosterStore implements RosterStore {
  constructor(
    private readonly ctx: StorageContext,
    private readonly accessLog?: (em: EntityManager) => AccessLogWriter,
    /** The consent ledger and outbox on the import's transaction: newcomers are asked for consent in it. */
    private readonly onboarding?: (em: EntityManager) => PromptPorts,
  ) {}

  async context(): Promise<RosterContext> {
    const sql = new Sql(this.ctx.db.fork(), this.ctx.db.driver);
    const rows = await sql.all('select employee_no, dingtalk_user_id from employees');
    return {
      existingEmployeeNos: new Set(rows.map((r) => String(r.employee_no))),
      dingtalkOwners: new Map(rows.filter((r) => r.dingtalk_user_id != null).map((r) => [String(r.dingtalk_user_id), String(r.employee_no)])),
    };
  }

  async apply(entries: readonly RosterEntry[], options: RosterApplyOptions): Promise<RosterCounts> {
    // One transaction over ~15 rows per person: with SQLite's default 2 MB page cache the
    // transaction spills pages to the WAL over and over. A larger cache for the import only.
    const sqlite = this.ctx.db.driver === 'sqlite' ? new Sql(this.ctx.db.fork(), 'sqlite') : null;
    const cacheBefore = sqlite ? (await sqlite.get('pragma cache_size'))?.cache_size : undefined;
    if (sqlite) await sqlite.run(`pragma cache_size = ${-Math.min(512 * 1024, 64 * 1024 + entries.length * 4)}`);
    try {
      return await this.write(entries, options);
    } finally {
      if (sqlite) await sqlite.run(`pragma cache_size = ${Number(cacheBefore ?? -2000)}`);
    }
  }

  private write(entries: readonly RosterEntry[], options: RosterApplyOptions): Promise<RosterCounts> {
    return this.ctx.db.fork().transactional(async (em) => {
      this.ctx.keyring.beginBulk();
      try {
        const counts = await this.writeIn(em as unknown as EntityManager, entries, options);
        this.ctx.keyring.commitBulk();
        return counts;
      } catch (e) {
        this.ctx.keyring.rollbackBulk();
        throw e;
      }
    });
  }

  private async writeIn(em: EntityManager, entries: readonly RosterEntry[], options: RosterApplyOptions): Promise<RosterCounts> {
    {
      const sql = new Sql(em as unknown as EntityManager, this.ctx.db.driver);
      const total = entries.length * 2; // employees, then their vault fields
      const progress = (done: number) => options.onProgress?.(done, total);
      const catalog = await new MikroFieldCatalogStore(sql).current();
      const { deptIds, created: departmentsCreated } = await this.departments(sql, entries);
      const existing = await this.existing(sql, entries.map((e) => e.employeeNo));
      const idOf = new Map<string, string>();
      for (const e of entries) idOf.set(e.employeeNo, existing.get(e.employeeNo)?.id ?? this.ctx.ids.next());
      const external = entries.map((e) => e.managerEmployeeNo).filter((m): m is string => m !== null && !idOf.has(m));
      for (const [no, emp] of await this.existing(sql, [...new Set(external)])) idOf.set(no, emp.id);

      // In primary-key order, so every insert below appends to its b-tree instead of splitting pages.
      entries = [...entries].sort((a, b) => (idOf.get(a.employeeNo)! < idOf.get(b.employeeNo)! ? -1 : 1));
      const rows = entries.map((e) => this.toEmployee(e, existing.get(e.employeeNo), idOf, deptIds, options.columns));
      let done = 0;
      for (const batch of chunks(rows, EMPLOYEE_BATCH * 10)) {
        await sql.insertMany(
          `insert into employees (${EMPLOYEE_COLUMNS.join(', ')})`,
          `on conflict (id) do update set ${UPSERT_SET}, version = employees.version + 1`,
          EMPLOYEE_COLUMNS.length,
          batch.map((r) => employeeParams(r, 1)),
          EMPLOYEE_BATCH,
        );
        progress((done += batch.length));
      }
      for (const e of entries) {
        if (e.status !== 'departed' && e.roles.includes('dept_head')) {
          await sql.run('update departments set head_employee_id = ? where id = ?', [idOf.get(e.employeeNo), deptIds.get(e.departmentPath.join('/'))]);
        }
      }
      const vault = await this.writeVault(sql, entries, idOf, existing, catalog, (n) => progress(entries.length + n));
      const counts: RosterCounts = {
        created: entries.length - existing.size,
        updated: existing.size,
        departmentsCreated,
        ...vault,
      };
      if (this.accessLog && options.logEntry) await this.accessLog(em as unknown as EntityManager).append(options.logEntry(counts));
      if (this.onboarding && options.onboarded)
        await options.onboarded(
          rows.map((after) => ({ before: existing.get(after.employeeNo) ?? null, after })),
          this.onboarding(em as unknown as EntityManager),
        );
      return counts;
    }
  }

  private async departments(sql: Sql, entries: readonly RosterEntry[]) {
    const deptIds = new Map((await sql.all('select id, path from departments')).map((r) => [String(r.path), String(r.id)]));
    const fresh: unknown[][] = [];
    for (const e of entries) {
      for (let i = 1; i <= e.departmentPath.length; i++) {
        const path = e.departmentPath.slice(0, i).join('/');
        if (deptIds.has(path)) continue;
        const id = this.ctx.ids.next();
        const parent = i > 1 ? deptIds.get(e.departmentPath.slice(0, i - 1).join('/'))! : null;
        fresh.push([id, e.departmentPath[i - 1], parent, path, null]);
        deptIds.set(path, id);
      }
    }
    await sql.insertMany('insert into departments (id, name, parent_id, path, head_employee_id)', '', 5, fresh, ROW_BATCH / 5);
    return { deptIds, created: fresh.length };
  }

  private async existing(sql: Sql, employeeNos: readonly string[]): Promise<Map<string, Employee>> {
    const out = new Map<string, Employee>();
    for (const batch of chunks(employeeNos, IN_BATCH)) {
      const rows = await sql.all(`select ${EMPLOYEE_COLUMNS.join(', ')} from employees where employee_no in (${Sql.marks(batch.length)})`, batch);
      for (const r of rows) out.set(String(r.employee_no), toEmployee(r));
    }
    return out;
  }

  /** The stored record after this row: columns the file lacks keep their stored values. */
  private toEmployee(
    e: RosterEntry,
    before: Employee | undefined,
    idOf: ReadonlyMap<string, string>,
    deptIds: ReadonlyMap<string, string>,
    columns: ReadonlySet<string>,
  ): Employee {
    const pick = <T>(column: string, fromFile: T, stored: T | undefined, fallback: T): T =>
      columns.has(column) ? fromFile : before ? (stored as T) : fallback;
    const sep = before?.separation ?? NO_SEPARATION;
    const status = pick('status', e.status, before?.status, 'active');
    const lastDay = pick('last_day', e.lastDay, sep.lastDay, null);
    const postEmail = columns.has('post_departure_email') ? e.postDepartureEmail : undefined;
    const keepDeparture = before?.status === 'departed' && sep.departedAt !== null && sep.lastDay === lastDay;
    return {
      id: idOf.get(e.employeeNo)!,
      employeeNo: e.employeeNo,
      name: e.name,
      dingtalkUserId: pick('dingtalk_user_id', e.dingtalkUserId, before?.dingtalkUserId, null),
      departmentId: deptIds.get(e.departmentPath.join('/'))!,
      managerId: pick('manager_employee_no', e.managerEmployeeNo === null ? null : idOf.get(e.managerEmployeeNo)!, before?.managerId, null),
      title: pick('title', e.title, before?.title, ''),
      workEmail: pick('work_email', e.workEmail, before?.workEmail, null),
      workPhone: pick('work_phone', e.workPhone, before?.workPhone, null),
      status,
      roles: pick('roles', e.roles, before?.roles, ['employee']),
      hireDate: pick('hire_date', e.hireDate, before?.hireDate, null),
      contractType: pick('contract_type', e.contractType, before?.contractType, null),
      contractEnd: pick('contract_end', e.contractEnd, before?.contractEnd, null),
      separation: {
        ...sep,
        lastDay,
        relayOptIn: pick('relay_opt_in', e.relayOptIn, sep.relayOptIn, false),
        postDepartureChannel: postEmail === undefined ? sep.postDepartureChannel : postEmail === null ? 'none' : 'email',
        departedAt: status !== 'departed' ? null : keepDeparture ? sep.departedAt : departedAtFor(lastDay!),
      },
      legalHold: before?.legalHold ?? false,
      anonymisedAt: before?.anonymisedAt ?? null,
      locale: before?.locale ?? null,
      version: before?.version ?? 0,
    };
  }

  private async writeVault(
    sql: Sql,
    entries: readonly RosterEntry[],
    idOf: ReadonlyMap<string, string>,
    existing: ReadonlyMap<string, Employee>,
    catalog: FieldCatalog,
    progress: (done: number) => void,
  ): Promise<{ vaultFieldsWritten: number; vaultFieldsCleared: number }> {
    const keys = new VaultKeys(this.ctx.keyring, this.ctx.clock);
    const now = this.ctx.clock.now().toISOString();
    const stored = new Map<string, DataKeyRow>(); // `${employeeId}|${scope}`
    const existingIds = [...existing.values()].map((e) => e.id);
    for (const batch of chunks(existingIds, IN_BATCH)) {
      for (const r of await sql.all(`select * from data_keys where employee_id in (${Sql.marks(batch.length)})`, batch)) {
        const row = toDataKeyRow(r);
        stored.set(`${row.employeeId}|${row.scope}`, row);
      }
    }
    const scopeOf = (field: string): KeyScope => {
      const def = fieldByKey(catalog, field);
      if (!def || def.storage !== 'vault') throw new Error(`${field} is not a vault field in the current catalog`);
      return def.keyScope;
    };
    let newKeys: unknown[][] = [];
    let values: unknown[][] = [];
    const clears: [string, string][] = [];
    const rewritten: [string, string][] = [];
    let written = 0;
    const flush = async () => {
      await sql.insertMany('insert into data_keys (id, employee_id, scope, kek_id, wrapped_key, created_at)', '', 6, newKeys, ROW_BATCH);
      await sql.insertMany(
        'insert into field_values (employee_id, field, data_key_id, ciphertext, updated_at)',
        'on conflict (employee_id, field) do update set data_key_id = excluded.data_key_id, ciphertext = excluded.ciphertext, updated_at = excluded.updated_at',
        5,
        values,
        ROW_BATCH,
      );
      newKeys = [];
      values = [];
    };
    let done = 0;
    for (const e of entries) {
      const employeeId = idOf.get(e.employeeNo)!;
      const isExisting = existing.has(e.employeeNo);
      const dekByScope = new Map<KeyScope, { id: string; key: Buffer }>();
      for (const [field, value] of [...e.vault].sort(([a], [b]) => (a < b ? -1 : 1))) {
        if (value === null) {
          if (isExisting) clears.push([employeeId, field]);
          continue;
        }
        const scope = scopeOf(field);
        let dek = dekByScope.get(scope);
        if (!dek) {
          const old = stored.get(`${employeeId}|${scope}`);
          if (old) dek = { id: old.id, key: keys.unwrap(old) };
          else {
            const created = keys.create(employeeId, scope, false);
            newKeys.push([created.row.id, employeeId, scope, created.row.kekId, created.row.wrapped, created.createdAt]);
            dek = { id: created.row.id, key: created.key };
          }
          dekByScope.set(scope, dek);
        }
        values.push([employeeId, field, dek.id, keys.seal(dek.key, dek.id, employeeId, field, value), now]);
        if (isExisting) rewritten.push([employeeId, field]);
        written++;
      }
      if (!isExisting) for (const dek of dekByScope.values()) dek.key.fill(0);
      if (values.length >= ROW_BATCH * 4) await flush();
      if (++done % 1000 === 0) progress(done);
    }
    await flush();
    await this.deletePairs(sql, 'field_values', clears);
    // An erased field written again is live, not 'erased'; only re-imported people can have erasures.
    const erased = new Set<string>();
    for (const batch of chunks(existingIds, IN_BATCH)) {
      const rows = await sql.all(`select employee_id, field from vault_erasures where employee_id in (${Sql.marks(batch.length)})`, batch);
      for (const r of rows) erased.add(`${String(r.employee_id)}|${String(r.field)}`);
    }
    await this.deletePairs(sql, 'vault_erasures', rewritten.filter(([id, f]) => erased.has(`${id}|${f}`)));
    progress(entries.length);
    return { vaultFieldsWritten: written, vaultFieldsCleared: clears.length };
  }

  /** Deletes (employee_id, field) pairs, one statement per field and batch of employees. */
  private async deletePairs(sql: Sql, table: 'field_values' | 'vault_erasures', pairs: readonly [string, string][]): Promise<void> {
    const byField = new Map<string, string[]>();
    for (const [employeeId, field] of pairs) {
      const ids = byField.get(field);
      if (ids) ids.push(employeeId);
      else byField.set(field, [employeeId]);
    }
    for (const [field, ids] of byField) {
      for (const batch of chunks(ids, IN_BATCH)) {
        await sql.run(`delete from ${table} where field = ? and employee_id in (${Sql.marks(batch.length)})`, [field, ...batch]);
      }
    }
  }
}
