import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NewAccessLogEntry, AccessLogEntry } from '../../core/audit/access-log-entry.js';
import { importRoster } from '../../core/records/roster-import.use-case.js';
import { MikroRosterStore } from '../../storage/records/mikro-roster-store.js';
import { Sql, num } from '../../storage/records/sql.js';
import { rosterFromCsv } from '../../scripts/roster/roster-file.js';
import type { TestDriver } from '../support/databases.js';
import { RecordsHarness } from '../storage/records/records-harness.js';

const HEADER =
  'employee_no,name,dingtalk_user_id,department,manager_employee_no,title,work_email,personal_phone,id_number,salary,bank_account,' +
  'roles,status,last_day,relay_opt_in,post_departure_email,emergency_contact_name,emergency_contact_relation,emergency_contact_phone';

const FIRST = [
  HEADER,
  'E001,王强,user_wq,研发部,,总监,wq@corp.example,13900000001,110101198001011234,50000,6222020200000000001,employee;dept_head,active,,,,王父,父亲,13800000001',
  'E002,李娜,user_lina,研发部/平台组,E001,工程师,lina@corp.example,13900000002,,30000,,employee,active,,,,,,',
  'E003,张伟,user_zw,研发部/平台组,E001,工程师,,13900000003,,,,employee,departed,2025-01-15,true,zw@home.example,张建国,父亲,13800000003',
].join('\n');

/** Roster import writes everything or nothing, on every driver. */
export function rosterImportSuite(driver: TestDriver): void {
  describe(`roster import on ${driver}`, () => {
    let h: RecordsHarness;
    const logged: NewAccessLogEntry[] = [];
    const store = () =>
      new MikroRosterStore(h.ctx, () => ({
        append: async (entry: NewAccessLogEntry) => {
          logged.push(entry);
          return { ...entry, seq: logged.length, hash: 'x' } as AccessLogEntry;
        },
      }));
    const run = (csv: string) => importRoster({ store: store(), clock: h.ctx.clock }, { ...rosterFromCsv(csv), actorId: 'hr-1', channel: 'cli' });
    const count = async (table: string) =>
      h.run(async (_r, em) => num((await new Sql(em, driver).get(`select count(*) as n from ${table}`))!.n));

    beforeAll(async () => {
      h = await RecordsHarness.open(driver);
    });
    afterAll(async () => h?.close());

    it('refuses a file with one bad row among good ones, lists every bad row, and writes nothing', async () => {
      const csv = [
        HEADER,
        'E001,王强,user_wq,研发部,,总监,,,,,,employee,active,,,,,,',
        'E002,李娜,user_lina,研发部//平台组,E001,工程师,,1390000,,,,employee,active,,,,,,',
        'E003,张伟,user_zw,研发部,E404,工程师,,,,,,employee,departed,,,,,,',
      ].join('\n');
      const result = await run(csv);
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.error.map((p) => `${p.line}:${p.column}:${p.code}`)).toEqual([
        '3:department:bad_department_path',
        '4:last_day:last_day_required',
        '4:manager_employee_no:manager_not_found',
      ]);
      for (const t of ['employees', 'departments', 'data_keys', 'field_values']) expect(await count(t)).toBe(0);
      expect(logged).toEqual([]);
    });

    it('writes a clean file: departments by path, managers, heads, separation and encrypted fields, and logs counts only', async () => {
      const result = await run(FIRST);
      expect(result).toEqual({
        ok: true,
        value: { created: 3, updated: 0, departmentsCreated: 2, vaultFieldsWritten: 10, vaultFieldsCleared: 0 },
      });
      const { lina, zhang, boss, depts } = await h.run(async (r) => ({
        lina: (await r.employees.getByEmployeeNo('E002'))!,
        zhang: (await r.employees.getByEmployeeNo('E003'))!,
        boss: (await r.employees.getByEmployeeNo('E001'))!,
        depts: await r.departments.all(),
      }));
      expect(depts.map((d) => d.path)).toEqual(['研发部', '研发部/平台组']);
      expect(depts[1]!.parentId).toBe(depts[0]!.id);
      expect(depts[0]!.headEmployeeId).toBe(boss.id);
      expect(lina).toMatchObject({ name: '李娜', managerId: boss.id, departmentId: depts[1]!.id, dingtalkUserId: 'user_lina', version: 1 });
      expect(zhang.status).toBe('departed');
      expect(zhang.separation).toMatchObject({ lastDay: '2025-01-15', departedAt: '2025-01-16T00:00:00.000Z', relayOptIn: true, postDepartureChannel: 'email' });
      const vault = await h.run((r) => r.vault.read(zhang.id, ['personal_phone', 'emergency_contacts', 'post_departure_email', 'salary']));
      expect(vault.get('emergency_contacts')).toEqual({ state: 'value', value: [{ name: '张建国', relation: '父亲', phone: '13800000003' }] });
      expect(vault.get('post_departure_email')).toEqual({ state: 'value', value: 'zw@home.example' });
      expect(vault.get('salary')).toEqual({ state: 'empty' });
      expect(await h.run((r) => r.vault.liveScopes(boss.id))).toEqual(['emergency', 'personal_contact', 'identity_finance', 'contract']);
      expect(logged).toHaveLength(1);
      expect(logged[0]).toMatchObject({ action: 'import', actorId: 'hr-1', channel: 'cli', outcome: 'recorded', fields: [], subjectId: null });
      expect(JSON.stringify(logged[0])).not.toMatch(/1390000000|李娜|zw@home/);
    });

    it('re-import upserts by employee no.: changes apply, blank cells clear, absent columns are kept, keys are reused', async () => {
      const before = await h.run(async (r) => (await r.employees.getByEmployeeNo('E002'))!);
      const keysBefore = await count('data_keys');
      const csv = [
        'employee_no,name,department,manager_employee_no,title,personal_phone,salary',
        'E002,李娜,研发部/平台组,E001,高级工程师,13911112222,',
        'E004,赵磊,市场部,E002,专员,13900000004,18000',
      ].join('\n');
      const result = await run(csv);
      expect(result).toEqual({ ok: true, value: { created: 1, updated: 1, departmentsCreated: 1, vaultFieldsWritten: 3, vaultFieldsCleared: 1 } });
      const after = await h.run(async (r) => (await r.employees.getByEmployeeNo('E002'))!);
      expect(after).toMatchObject({ id: before.id, title: '高级工程师', version: before.version + 1, workEmail: 'lina@corp.example', dingtalkUserId: 'user_lina' });
      const vault = await h.run((r) => r.vault.read(after.id, ['personal_phone', 'salary']));
      expect(vault.get('personal_phone')).toEqual({ state: 'value', value: '13911112222' });
      expect(vault.get('salary')).toEqual({ state: 'empty' });
      // E002 reused its personal_contact key; E004 got two new ones (personal_contact, contract).
      expect(await count('data_keys')).toBe(keysBefore + 2);
      expect(await count('employees')).toBe(4);
    });

    it('a re-import written again after an erasure reads as a value, not erased', async () => {
      const zhang = await h.run(async (r) => (await r.employees.getByEmployeeNo('E003'))!);
      await h.run((r) => r.vault.eraseScope(zhang.id, 'emergency'));
      expect((await h.run((r) => r.vault.read(zhang.id, ['emergency_contacts']))).get('emergency_contacts')).toEqual({ state: 'erased' });
      const csv = [
        'employee_no,name,department,status,last_day,emergency_contact_name,emergency_contact_relation,emergency_contact_phone',
        'E003,张伟,研发部/平台组,departed,2025-01-15,李秀英,母亲,13800000004',
      ].join('\n');
      expect((await run(csv)).ok).toBe(true);
      const read = await h.run((r) => r.vault.read(zhang.id, ['emergency_contacts']));
      expect(read.get('emergency_contacts')).toEqual({ state: 'value', value: [{ name: '李秀英', relation: '母亲', phone: '13800000004' }] });
      const again = await h.run(async (r) => (await r.employees.getByEmployeeNo('E003'))!);
      expect(again.separation.departedAt).toBe(zhang.separation.departedAt);
    });
  });
}
