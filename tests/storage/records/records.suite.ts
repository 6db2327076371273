import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CATALOG } from '../../../core/records/default-catalog.js';
import { fieldByKey, type FieldValue } from '../../../core/records/field-catalog.js';
import { DomainError } from '../../../core/shared/domain-error.js';
import { KeyRing, kekIdOf } from '../../../storage/crypto/key-ring.js';
import { dataKeysPerKek, rotateMasterKey } from '../../../storage/crypto/key-rotation.js';
import { Sql, bytes } from '../../../storage/records/sql.js';
import type { TestDriver } from '../../support/databases.js';
import { department, employee } from './fixtures.js';
import { RecordsHarness } from './records-harness.js';

const PARENTS: FieldValue = [
  { name: '张建国', relation: '父亲', phone: '13800001111' },
  { name: '李秀英', relation: '母亲', phone: '13800002222' },
];

/** The records repositories behave the same on every driver. */
export function recordsSuite(driver: TestDriver): void {
  describe(`records storage on ${driver}`, () => {
    let h: RecordsHarness;
    let tamperedKey: { id: string; original: Buffer } | undefined;
    const keyA = randomBytes(32);

    beforeAll(async () => {
      h = await RecordsHarness.open(driver, keyA);
      await h.run(async (r) => {
        await r.departments.save(department('d-rd', '研发部'));
        await r.departments.save(department('d-pf', '研发部/平台组', 'd-rd'));
        await r.departments.save(department('d-mk', '市场部'));
      });
    });
    afterAll(async () => h?.close());

    describe('departments', () => {
      it('lists the tree by path and updates a head in place', async () => {
        await h.run((r) => r.employees.save(employee('head', { departmentId: 'd-rd' })));
        await h.run(async (r) => r.departments.save({ ...(await r.departments.get('d-rd'))!, headEmployeeId: 'head' }));
        const all = await h.run((r) => r.departments.all());
        expect(all.map((d) => d.path)).toEqual(['市场部', '研发部', '研发部/平台组']);
        expect(all.find((d) => d.id === 'd-rd')?.headEmployeeId).toBe('head');
        expect(await h.run((r) => r.departments.get('nope'))).toBeNull();
      });
    });

    describe('employees', () => {
      it('stores a record and finds it by id, employee no. and DingTalk user id', async () => {
        const saved = await h.run((r) =>
          r.employees.save(
            employee('e1', {
              name: '李娜',
              roles: ['employee', 'hr_admin'],
              separation: { ...employee('x').separation, relayOptIn: true, departedAt: '2024-12-01T00:00:00.000Z', lastDay: '2024-11-30' },
              legalHold: true,
            }),
          ),
        );
        expect(saved.version).toBe(1);
        const byId = await h.run((r) => r.employees.get('e1'));
        expect(byId).toEqual(saved);
        expect(await h.run((r) => r.employees.getByEmployeeNo('Ee1'))).toEqual(saved);
        expect(await h.run((r) => r.employees.getByDingtalkUserId('user_e1'))).toEqual(saved);
        expect(await h.run((r) => r.employees.get('missing'))).toBeNull();
      });

      it('refuses a save from a stale version and keeps the newer one', async () => {
        const first = await h.run((r) => r.employees.get('e1'));
        const updated = await h.run((r) => r.employees.save({ ...first!, title: 'Lead' }));
        expect(updated.version).toBe(first!.version + 1);
        const stale = h.run((r) => r.employees.save({ ...first!, title: 'Overwritten' }));
        await expect(stale).rejects.toBeInstanceOf(DomainError);
        await expect(stale).rejects.toMatchObject({ code: 'RECORD.CONFLICT' });
        expect((await h.run((r) => r.employees.get('e1')))!.title).toBe('Lead');
      });

      it('searches by name, number or department path, filters and pages by id', async () => {
        await h.run(async (r) => {
          await r.employees.save(employee('e2', { name: '张伟', departmentId: 'd-pf', status: 'departed' }));
          await r.employees.save(employee('e3', { name: '王芳', departmentId: 'd-mk' }));
          await r.employees.save(employee('e4', { name: 'Ada_100%', departmentId: 'd-mk' }));
        });
        const ids = (list: { id: string }[]) => list.map((e) => e.id);
        expect(ids(await h.run((r) => r.employees.search({ text: '张', limit: 10 })))).toEqual(['e2']);
        expect(ids(await h.run((r) => r.employees.search({ text: '平台', limit: 10 })))).toEqual(['e2']);
        expect(ids(await h.run((r) => r.employees.search({ text: 'ee3', limit: 10 })))).toEqual(['e3']);
        expect(ids(await h.run((r) => r.employees.search({ text: '_100%', limit: 10 })))).toEqual(['e4']);
        expect(ids(await h.run((r) => r.employees.search({ text: '%', limit: 10 })))).toEqual(['e4']);
        expect(ids(await h.run((r) => r.employees.search({ status: 'departed', limit: 10 })))).toEqual(['e2']);
        expect(ids(await h.run((r) => r.employees.search({ departmentIds: ['d-mk'], limit: 10 })))).toEqual(['e3', 'e4']);
        expect(ids(await h.run((r) => r.employees.search({ departmentIds: [], limit: 10 })))).toEqual([]);
        const page1 = await h.run((r) => r.employees.search({ status: ['active', 'departed'], limit: 2 }));
        const page2 = await h.run((r) => r.employees.search({ status: ['active', 'departed'], limit: 2, afterId: page1.at(-1)!.id }));
        expect([...ids(page1), ...ids(page2)]).toEqual(['e1', 'e2', 'e3', 'e4']);
      });
    });

    describe('catalog', () => {
      it('is the default catalog until a version is published, then the newest version', async () => {
        expect(await h.run((r) => r.catalog.current())).toBe(DEFAULT_CATALOG);
        const at = new Date('2025-06-02T09:00:00Z');
        const fields = DEFAULT_CATALOG.fields.map((f) =>
          f.key === 'emergency_contacts' ? { ...f, retention: { kind: 'days_after_departure' as const, days: 365 } } : f,
        );
        const v2 = await h.run((r) => r.catalog.publish({ ...DEFAULT_CATALOG, fields }, 'hr-1', at));
        expect(v2.version).toBe(2);
        const current = await h.run((r) => r.catalog.current());
        expect(current).toEqual(v2);
        expect(fieldByKey(current, 'emergency_contacts')?.retention).toEqual({ kind: 'days_after_departure', days: 365 });
        expect(current.updatedBy).toBe('hr-1');
        expect(current.updatedAt).toBe(at.toISOString());
        expect((await h.run((r) => r.catalog.history())).map((c) => c.version)).toEqual([2, 1]);
      });
    });

    describe('vault', () => {
      it('round-trips values, reports unset fields as empty and clears with null', async () => {
        await h.run((r) =>
          r.vault.write('e1', new Map<string, FieldValue | null>([['personal_phone', '13912345678'], ['emergency_contacts', PARENTS], ['id_number', '110101199003071234']]), DEFAULT_CATALOG),
        );
        const read = await h.run((r) => r.vault.read('e1', ['personal_phone', 'emergency_contacts', 'id_number', 'home_address']));
        expect(read.get('personal_phone')).toEqual({ state: 'value', value: '13912345678' });
        expect(read.get('emergency_contacts')).toEqual({ state: 'value', value: PARENTS });
        expect(read.get('home_address')).toEqual({ state: 'empty' });
        expect(await h.run((r) => r.vault.liveScopes('e1'))).toEqual(['emergency', 'personal_contact', 'identity_finance']);
        await h.run((r) => r.vault.write('e1', new Map([['id_number', null]]), DEFAULT_CATALOG));
        expect((await h.run((r) => r.vault.read('e1', ['id_number']))).get('id_number')).toEqual({ state: 'empty' });
      });

      it('refuses to put a record field into the vault', async () => {
        await expect(h.run((r) => r.vault.write('e1', new Map([['name', 'x']]), DEFAULT_CATALOG))).rejects.toThrow(/not a vault field/);
      });

      it('gives two employees with the same number different ciphertexts under different keys', async () => {
        await h.run((r) => r.vault.write('e3', new Map([['personal_phone', '13912345678']]), DEFAULT_CATALOG));
        const rows = await h.run((_r, em) =>
          new Sql(em, driver).all("select employee_id, data_key_id, ciphertext from field_values where field = 'personal_phone' order by employee_id"),
        );
        expect(rows.map((r) => r.employee_id)).toEqual(['e1', 'e3']);
        expect(rows[0]!.data_key_id).not.toBe(rows[1]!.data_key_id);
        expect(bytes(rows[0]!.ciphertext).equals(bytes(rows[1]!.ciphertext))).toBe(false);
        expect(bytes(rows[0]!.ciphertext).includes(Buffer.from('13912345678'))).toBe(false);
      });

      it('reports a flipped ciphertext byte as tampered and never returns a value', async () => {
        await h.run((r) => r.vault.write('e4', new Map([['home_address', '北京市朝阳区1号']]), DEFAULT_CATALOG));
        await h.run(async (_r, em) => {
          const sql = new Sql(em, driver);
          const row = await sql.get("select ciphertext from field_values where employee_id = 'e4' and field = 'home_address'");
          const edited = Buffer.from(bytes(row!.ciphertext));
          edited[edited.length - 20]! ^= 0x01;
          await sql.run("update field_values set ciphertext = ? where employee_id = 'e4' and field = 'home_address'", [edited]);
        });
        expect((await h.run((r) => r.vault.read('e4', ['home_address']))).get('home_address')).toEqual({ state: 'tampered' });
      });

      it('reports ciphertexts swapped between two employees, or between two fields, as tampered', async () => {
        await h.run(async (_r, em) => {
          const sql = new Sql(em, driver);
          const a = await sql.get("select data_key_id, ciphertext from field_values where employee_id = 'e1' and field = 'personal_phone'");
          const b = await sql.get("select data_key_id, ciphertext from field_values where employee_id = 'e3' and field = 'personal_phone'");
          // Move row, key reference and all: the AAD still names the original employee.
          await sql.run("update field_values set data_key_id = ?, ciphertext = ? where employee_id = 'e1' and field = 'personal_phone'", [b!.data_key_id, bytes(b!.ciphertext)]);
          await sql.run("update field_values set data_key_id = ?, ciphertext = ? where employee_id = 'e3' and field = 'personal_phone'", [a!.data_key_id, bytes(a!.ciphertext)]);
        });
        expect((await h.run((r) => r.vault.read('e1', ['personal_phone']))).get('personal_phone')).toEqual({ state: 'tampered' });
        expect((await h.run((r) => r.vault.read('e3', ['personal_phone']))).get('personal_phone')).toEqual({ state: 'tampered' });

        await h.run((r) => r.vault.write('e3', new Map([['personal_email', 'w@home.example'], ['birthday', '1990-03-07']]), DEFAULT_CATALOG));
        await h.run(async (_r, em) => {
          const sql = new Sql(em, driver);
          const email = await sql.get("select ciphertext from field_values where employee_id = 'e3' and field = 'personal_email'");
          await sql.run("update field_values set ciphertext = ? where employee_id = 'e3' and field = 'birthday'", [bytes(email!.ciphertext)]);
        });
        const read = await h.run((r) => r.vault.read('e3', ['birthday', 'personal_email']));
        expect(read.get('birthday')).toEqual({ state: 'tampered' });
        expect(read.get('personal_email')).toEqual({ state: 'value', value: 'w@home.example' });
      });

      it('reports an altered wrapped data key as tampered for every field under it', async () => {
        await h.run((r) => r.vault.write('e2', new Map([['salary', '23000']]), DEFAULT_CATALOG));
        h.ctx.keyring.cache.clear();
        await h.run(async (_r, em) => {
          const sql = new Sql(em, driver);
          const key = await sql.get("select id, wrapped_key from data_keys where employee_id = 'e2' and scope = 'contract'");
          const edited = Buffer.from(bytes(key!.wrapped_key));
          edited[20]! ^= 0x80;
          await sql.run('update data_keys set wrapped_key = ? where id = ?', [edited, key!.id]);
          tamperedKey = { id: String(key!.id), original: bytes(key!.wrapped_key) };
        });
        expect((await h.run((r) => r.vault.read('e2', ['salary']))).get('salary')).toEqual({ state: 'tampered' });
      });

      it('erases one scope: its key row and ciphertexts are deleted, reads say erased, other scopes live on', async () => {
        await h.run((r) =>
          r.vault.write('e5-sub', new Map<string, FieldValue | null>([['emergency_contacts', PARENTS], ['personal_phone', '13700000000']]), DEFAULT_CATALOG),
        ).catch(() => undefined); // e5-sub does not exist: the foreign key refuses it
        await h.run((r) => r.employees.save(employee('e5')));
        await h.run((r) =>
          r.vault.write('e5', new Map<string, FieldValue | null>([['emergency_contacts', PARENTS], ['personal_phone', '13700000000']]), DEFAULT_CATALOG),
        );
        expect(await h.run((r) => r.vault.eraseScope('e5', 'emergency'))).toEqual({ fieldsErased: 1 });
        const read = await h.run((r) => r.vault.read('e5', ['emergency_contacts', 'personal_phone', 'home_address']));
        expect(read.get('emergency_contacts')).toEqual({ state: 'erased' });
        expect(read.get('personal_phone')).toEqual({ state: 'value', value: '13700000000' });
        expect(read.get('home_address')).toEqual({ state: 'empty' });
        expect(await h.run((r) => r.vault.liveScopes('e5'))).toEqual(['personal_contact']);
        const left = await h.run((_r, em) => new Sql(em, driver).all("select id from data_keys where employee_id = 'e5' and scope = 'emergency'"));
        expect(left).toEqual([]);
        expect(await h.run((r) => r.vault.eraseScope('e5', 'emergency'))).toEqual({ fieldsErased: 0 });
      });

      it('a field of an erased scope can be written again under a new key', async () => {
        await h.run((r) => r.vault.write('e5', new Map([['emergency_contacts', PARENTS.slice(0, 1)]]), DEFAULT_CATALOG));
        expect((await h.run((r) => r.vault.read('e5', ['emergency_contacts']))).get('emergency_contacts')).toEqual({
          state: 'value',
          value: PARENTS.slice(0, 1),
        });
      });
    });

    describe('access grants', () => {
      it('stores grants, counts break-glass uses since a time, and keeps approvals and reviews by status', async () => {
        const t = (iso: string) => new Date(iso);
        await h.run(async (r) => {
          await r.grants.saveGrant({ id: 'g1', actorId: 'hr', subjectId: 'e2', fields: ['emergency_contacts'], purpose: 'emergency_safety', createdAt: t('2025-06-01T01:00:00Z'), expiresAt: t('2025-06-01T01:30:00Z') });
          await r.grants.saveGrant({ id: 'g2', actorId: 'hr', subjectId: 'e3', fields: ['personal_phone'], purpose: 'emergency_safety', createdAt: t('2025-06-01T05:00:00Z'), expiresAt: t('2025-06-01T05:30:00Z') });
          await r.grants.saveApproval({ id: 'a1', requesterId: 'hr', subjectId: 'e2', fields: ['id_number'], purpose: 'legal_obligation', justification: '法院调查令', reference: '(2025)京0105民初123号', createdAt: t('2025-06-01T02:00:00Z'), status: 'pending', decidedBy: null, decidedAt: null });
          await r.grants.saveReview({ id: 'r1', grantId: 'g1', actorId: 'hr', subjectId: 'e2', createdAt: t('2025-06-01T01:00:00Z'), status: 'open', reviewedBy: null, outcome: null });
        });
        expect(await h.run((r) => r.grants.getGrant('g1'))).toMatchObject({ subjectId: 'e2', fields: ['emergency_contacts'], expiresAt: t('2025-06-01T01:30:00Z') });
        expect(await h.run((r) => r.grants.countBreakGlassSince('hr', t('2025-06-01T02:00:00Z')))).toBe(1);
        expect(await h.run((r) => r.grants.countBreakGlassSince('hr', t('2025-06-01T00:00:00Z')))).toBe(2);
        expect((await h.run((r) => r.grants.listApprovals('pending'))).map((a) => a.id)).toEqual(['a1']);
        await h.run(async (r) => r.grants.saveApproval({ ...(await r.grants.getApproval('a1'))!, status: 'approved', decidedBy: 'hr2', decidedAt: t('2025-06-01T03:00:00Z') }));
        expect(await h.run((r) => r.grants.listApprovals('pending'))).toEqual([]);
        expect(await h.run((r) => r.grants.getApproval('a1'))).toMatchObject({ status: 'approved', decidedBy: 'hr2', decidedAt: t('2025-06-01T03:00:00Z') });
        await h.run(async (r) => r.grants.saveReview({ ...(await r.grants.listReviews('open'))[0]!, status: 'closed', reviewedBy: 'hr2', outcome: 'justified' }));
        expect((await h.run((r) => r.grants.listReviews('closed')))[0]).toMatchObject({ id: 'r1', outcome: 'justified' });
      });

      it('lists expired grants without a stop event and marks each stopped exactly once', async () => {
        const t = (iso: string) => new Date(iso);
        await h.run(async (r) => {
          await r.grants.saveGrant({ id: 's1', actorId: 'hr', subjectId: 'e2', fields: ['emergency_contacts'], purpose: 'emergency_safety', createdAt: t('2025-07-01T01:00:00Z'), expiresAt: t('2025-07-01T01:30:00Z') });
          await r.grants.saveGrant({ id: 's2', actorId: 'hr', subjectId: 'e3', fields: ['personal_phone'], purpose: 'emergency_safety', createdAt: t('2025-07-01T02:00:00Z'), expiresAt: t('2025-07-01T02:30:00Z') });
        });
        const open = async (at: string) => (await h.run((r) => r.grants.listExpiredOpen(t(at), 10))).map((g) => g.id).filter((id) => id.startsWith('s'));
        expect(await open('2025-07-01T01:29:59Z')).toEqual([]);
        expect(await open('2025-07-01T02:45:00Z')).toEqual(['s1', 's2']);
        expect(await h.run((r) => r.grants.markStopped('s1', t('2025-07-01T02:45:00Z')))).toBe(true);
        expect(await h.run((r) => r.grants.markStopped('s1', t('2025-07-01T02:46:00Z')))).toBe(false);
        expect(await open('2025-07-01T02:45:00Z')).toEqual(['s2']);
      });
    });

    describe('master key rotation', () => {
      it('re-wraps every data key under the new master key; the old one can then be dropped', async () => {
        const keyB = randomBytes(32);
        const before = await dataKeysPerKek(h.db);
        expect([...before.keys()]).toEqual([kekIdOf(keyA)]);
        const total = [...before.values()].reduce((a, b) => a + b, 0);

        // Restart with B current and A retired: everything is readable while rotation runs.
        h.useKeyRing(new KeyRing(keyB, [keyA]));
        const readAll = () => h.run((r) => r.vault.read('e5', ['emergency_contacts', 'personal_phone']));
        expect((await readAll()).get('personal_phone')).toEqual({ state: 'value', value: '13700000000' });
        // The wrapped key altered earlier cannot be re-wrapped: reported, skipped, left behind.
        const first = await rotateMasterKey(h.db, h.ctx.keyring, { batchSize: 2 });
        expect(first).toEqual({ rewrapped: total - 1, leftUnderRetired: 1, unreadable: [tamperedKey!.id] });
        await h.run((_r, em) => new Sql(em, driver).run('update data_keys set wrapped_key = ? where id = ?', [tamperedKey!.original, tamperedKey!.id]));

        const progress: number[] = [];
        const result = await rotateMasterKey(h.db, h.ctx.keyring, { batchSize: 2, onProgress: (p) => progress.push(p.remaining) });
        expect(result).toEqual({ rewrapped: 1, leftUnderRetired: 0, unreadable: [] });
        expect(progress.at(-1)).toBe(0);
        expect(await dataKeysPerKek(h.db)).toEqual(new Map([[kekIdOf(keyB), total]]));

        // A ring of B alone still reads everything.
        h.useKeyRing(new KeyRing(keyB));
        const read = await readAll();
        expect(read.get('personal_phone')).toEqual({ state: 'value', value: '13700000000' });
        expect(read.get('emergency_contacts')).toEqual({ state: 'value', value: PARENTS.slice(0, 1) });
        expect((await h.run((r) => r.vault.read('e1', ['emergency_contacts']))).get('emergency_contacts')).toEqual({ state: 'value', value: PARENTS });
        expect((await h.run((r) => r.vault.read('e2', ['salary']))).get('salary')).toEqual({ state: 'value', value: '23000' });

        // A ring of A alone can read nothing any more: it is not even asked to try.
        h.useKeyRing(new KeyRing(keyA));
        await expect(readAll()).rejects.toThrow(/not in the key ring/);
        h.useKeyRing(new KeyRing(keyB));
      });
    });
  });
}
