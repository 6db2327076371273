import { beforeEach, describe, expect, it } from 'vitest';
import { changeRoles } from '../../../core/access/change-roles.use-case.js';
import { decideApproval } from '../../../core/access/decide-approval.use-case.js';
import { readGrant } from '../../../core/access/read-grant.use-case.js';
import { requestApproval } from '../../../core/access/request-approval.use-case.js';
import { revealFields, type RevealFieldsInput } from '../../../core/access/reveal-fields.use-case.js';
import { viewRecord } from '../../../core/access/view-record.use-case.js';
import { DEFAULT_CATALOG } from '../../../core/records/default-catalog.js';
import { PURPOSE_CODES, type FieldValue } from '../../../core/records/field-catalog.js';
import type { UnitOfWork } from '../../../core/shared/unit-of-work.port.js';
import { buildTestCompany, type TestCompany } from '../../../core/testing/test-company.js';

let c: TestCompany;
beforeEach(async () => {
  c = await buildTestCompany();
});

const ask = (over: Partial<RevealFieldsInput>): RevealFieldsInput => ({
  actorId: 'e-li',
  subjectId: 'e-zhang',
  fields: ['emergency_contacts'],
  purpose: 'emergency_safety',
  justification: '需要联系他的家人',
  channel: 'bot',
  ...over,
});

describe('the seed story: Li asks for her former colleague\'s parents\' number', () => {
  it('is refused with a plain reason, logged, and the vault is never read', async () => {
    const readsBefore = c.stores.vault.reads;
    const r = await revealFields(c.deps, ask({ justification: '他借了我5000块，只还了1000，联系不上' }));
    expect(r).toEqual({ ok: false, error: expect.objectContaining({ code: 'ACCESS.PURPOSE_REFUSED', params: { reason: 'PURPOSE_NOT_FOR_ROLE' } }) });
    expect(c.stores.vault.reads).toBe(readsBefore);
    expect(c.stores.accessLog.entries).toEqual([
      expect.objectContaining({ actorId: 'e-li', actorRole: 'employee', subjectId: 'e-zhang', action: 'reveal', outcome: 'denied', reasonCode: 'PURPOSE_NOT_FOR_ROLE', channel: 'bot' }),
    ]);
  });

  it('is refused even when HR files it as an emergency but the text says it is a debt', async () => {
    const r = await revealFields(c.deps, ask({ actorId: 'e-hr', justification: '私人债务求助' }));
    expect(r).toEqual({ ok: false, error: expect.objectContaining({ code: 'ACCESS.JUSTIFICATION_REFUSED', params: { reason: 'JUSTIFICATION_DEBT_COLLECTION' } }) });
    expect(await c.stores.grants.listReviews('open')).toEqual([]);
  });
});

describe('no enumeration (IDOR)', () => {
  it('answers a forbidden id and a non-existent one identically, for every purpose', async () => {
    for (const purpose of PURPOSE_CODES) {
      for (const actorId of ['e-li', 'e-head', 'e-auditor']) {
        const forbidden = await revealFields(c.deps, ask({ actorId, subjectId: 'e-wu', purpose }));
        const departed = await revealFields(c.deps, ask({ actorId, subjectId: 'e-zhang', purpose }));
        const missing = await revealFields(c.deps, ask({ actorId, subjectId: 'e-does-not-exist', purpose }));
        expect(missing, `${actorId} ${purpose}`).toEqual(forbidden);
        expect(missing, `${actorId} ${purpose}`).toEqual(departed);
        expect(missing.ok).toBe(false);
      }
    }
    expect(c.stores.accessLog.entries.filter((e) => e.subjectId === 'e-does-not-exist').every((e) => e.reasonCode === 'SUBJECT_NOT_FOUND')).toBe(true);
  });

  it('shows a former employee\'s record to a colleague exactly like a missing one', async () => {
    const gone = await viewRecord(c.deps, { actorId: 'e-li', subjectId: 'e-zhang', channel: 'miniapp' });
    const missing = await viewRecord(c.deps, { actorId: 'e-li', subjectId: 'e-nobody', channel: 'miniapp' });
    expect(gone).toEqual(missing);
    expect(gone).toEqual({ ok: false, error: expect.objectContaining({ code: 'ACCESS.DENIED', params: { reason: 'NOT_VISIBLE_TO_RELATIONSHIP' } }) });
  });

  it('refuses a department head another department\'s contract summary, logged without names or numbers', async () => {
    const r = await viewRecord(c.deps, { actorId: 'e-head', subjectId: 'e-wu', fields: ['contract_type', 'personal_phone'], channel: 'miniapp' });
    expect(r).toEqual({ ok: false, error: expect.objectContaining({ code: 'ACCESS.DENIED' }) });
    const last = c.stores.accessLog.entries.at(-1);
    expect(last).toMatchObject({ actorId: 'e-head', subjectId: 'e-wu', outcome: 'denied', reasonCode: 'NOT_VISIBLE_TO_RELATIONSHIP' });
    expect(JSON.stringify(last)).not.toMatch(/吴静|1390000/);
  });
});

describe('field-level minimisation', () => {
  it('shows HR personal fields masked in the normal view and returns only the fields asked for', async () => {
    const r = await viewRecord(c.deps, { actorId: 'e-hr', subjectId: 'e-zhou', fields: ['name', 'personal_phone', 'emergency_contacts'], channel: 'miniapp' });
    if (!r.ok) throw new Error('view refused');
    expect(r.value.fields.map((f) => [f.field, f.masked, f.value])).toEqual([
      ['name', false, '周杰'],
      ['personal_phone', true, '139****0007'],
      ['emergency_contacts', true, [{ name: 'C*', relation: '••••', phone: '137****0007' }]],
    ]);
  });

  it('reports an erased field as erased, and a tampered one without its content', async () => {
    await c.stores.vault.eraseScope('e-zhang', 'emergency');
    c.stores.vault.tamper('e-zhang', 'bank_account');
    const r = await revealFields(c.deps, ask({ actorId: 'e-hr', fields: ['emergency_contacts'], justification: '前员工失联，家属报警后需联系紧急联系人' }));
    expect(r.ok && r.value.values[0]).toMatchObject({ field: 'emergency_contacts', state: 'erased', value: null });
    const v = await viewRecord(c.deps, { actorId: 'e-hr', subjectId: 'e-zhang', fields: ['bank_account'], channel: 'miniapp' });
    expect(v.ok && v.value.fields[0]).toMatchObject({ field: 'bank_account', state: 'tampered', value: null });
  });
});

describe('fails closed', () => {
  const failing = (method: 'read' | 'current'): (() => UnitOfWork) => () => {
    const s = c.stores;
    const boom = () => Promise.reject(new Error('port down'));
    return method === 'read' ? { ...s, vault: Object.assign(Object.create(s.vault), { read: boom }) } : { ...s, catalog: Object.assign(Object.create(s.catalog), { current: boom }) };
  };

  it('returns no data and leaves nothing behind when the vault throws mid-reveal', async () => {
    c.tx.unitOfWork = failing('read');
    await expect(revealFields(c.deps, ask({ actorId: 'e-hr', subjectId: 'e-zhou', justification: '员工在工地受伤，需要联系家属' }))).rejects.toThrow('port down');
    expect(c.stores.accessLog.entries).toEqual([]);
    expect(await c.stores.grants.listReviews('open')).toEqual([]);
  });

  it('returns no data when the catalog cannot be read', async () => {
    c.tx.unitOfWork = failing('current');
    await expect(viewRecord(c.deps, { actorId: 'e-hr', subjectId: 'e-zhou', channel: 'miniapp' })).rejects.toThrow('port down');
  });

  it('denies with POLICY_ERROR, and logs it, when the stored catalog is malformed', async () => {
    const broken = { ...DEFAULT_CATALOG, fields: DEFAULT_CATALOG.fields.map((f) => (f.key === 'emergency_contacts' ? { ...f, purposes: null } : f)) };
    await c.stores.catalog.publish(broken as never, 'e-hr', c.clock.now());
    const r = await revealFields(c.deps, ask({ actorId: 'e-hr', subjectId: 'e-zhou', justification: '员工在工地受伤，需要联系家属' }));
    expect(r).toEqual({ ok: false, error: expect.objectContaining({ code: 'ACCESS.DENIED', params: { reason: 'POLICY_ERROR' } }) });
    expect(c.stores.accessLog.entries.at(-1)).toMatchObject({ outcome: 'denied', reasonCode: 'POLICY_ERROR' });
  });

  it('gives an actor with no roles nothing', async () => {
    const li = await c.stores.employees.get('e-li');
    if (!li) throw new Error('missing');
    await c.stores.employees.save({ ...li, roles: [] });
    const r = await viewRecord(c.deps, { actorId: 'e-li', subjectId: 'e-chen', channel: 'miniapp' });
    expect(r).toEqual({ ok: false, error: expect.objectContaining({ code: 'ACCESS.DENIED', params: { reason: 'NO_ROLE' } }) });
  });
});

describe('immediate de-authorisation', () => {
  it('applies a demotion to the very next reveal', async () => {
    const input = ask({ actorId: 'e-hr2', subjectId: 'e-zhou', fields: ['personal_phone'], purpose: 'employment_admin', justification: '寄送劳动合同续签文书前核对联系方式' });
    expect((await revealFields(c.deps, input)).ok).toBe(true);
    expect((await changeRoles(c.deps, { actorId: 'e-hr', employeeId: 'e-hr2', roles: ['employee'], channel: 'miniapp' })).ok).toBe(true);
    expect(await revealFields(c.deps, input)).toEqual({ ok: false, error: expect.objectContaining({ params: { reason: 'PURPOSE_NOT_FOR_ROLE' } }) });
  });

  it('takes the subtree away from a department head on the next view', async () => {
    const view = () => viewRecord(c.deps, { actorId: 'e-head', subjectId: 'e-zhou', channel: 'miniapp' });
    const before = await view();
    expect(before.ok && before.value.fields.map((f) => f.field)).toContain('contract_type');
    await changeRoles(c.deps, { actorId: 'e-hr', employeeId: 'e-head', roles: ['employee'], channel: 'miniapp' });
    const after = await view();
    expect(after.ok && after.value.fields.map((f) => f.field)).not.toContain('contract_type');
  });
});

describe('values never reach the log or a message', () => {
  it('holds over every flow, with canary values in the vault', async () => {
    const hrEmergency = ask({ actorId: 'e-hr', subjectId: 'e-zhang', justification: '前员工失联，家属报警后需联系紧急联系人' });
    const bg = await revealFields(c.deps, hrEmergency);
    if (!bg.ok) throw new Error('break-glass refused');
    await readGrant(c.deps, { actorId: 'e-hr', grantId: bg.value.grantId ?? '', channel: 'miniapp' });
    for (const s of ['e-li', 'e-chen', 'e-wu', 'e-zhou']) await revealFields(c.deps, { ...hrEmergency, subjectId: s });
    await revealFields(c.deps, ask({ actorId: 'e-li', subjectId: 'e-li', fields: DEFAULT_CATALOG.fields.map((f) => f.key), purpose: 'subject_request', justification: '' }));
    await revealFields(c.deps, ask({ actorId: 'e-hr', subjectId: 'e-zhou', fields: ['bank_account', 'salary', 'id_number'], purpose: 'payroll_social_insurance', justification: '工资卡变更，核对银行账号' }));
    await revealFields(c.deps, ask({ justification: '他欠我钱' }));
    const filed = await requestApproval(c.deps, { actorId: 'e-hr', subjectId: 'e-zhang', fields: ['home_address'], justification: '法院送达', reference: 'REF-7', channel: 'miniapp' });
    if (filed.ok) await decideApproval(c.deps, { actorId: 'e-hr2', approvalId: filed.value.approvalId, approve: true, channel: 'miniapp' });
    for (const actorId of ['e-hr', 'e-head', 'e-li', 'e-auditor']) await viewRecord(c.deps, { actorId, subjectId: 'e-zhou', channel: 'miniapp' });

    const canaries = [...c.vaultValues.values()].flatMap((m) => [...m.values()]).flatMap((v: FieldValue) => (typeof v === 'string' ? [v] : v.flatMap((x) => [x.name, x.phone])));
    expect(canaries.length).toBeGreaterThan(50);
    const logged = JSON.stringify(c.stores.accessLog.entries);
    const sent = JSON.stringify(c.stores.outbox.messages);
    expect(c.stores.accessLog.entries.length).toBeGreaterThan(15);
    expect(c.stores.outbox.messages.length).toBeGreaterThan(5);
    for (const canary of canaries) {
      expect(logged).not.toContain(canary);
      expect(sent).not.toContain(canary);
    }
  });
});
