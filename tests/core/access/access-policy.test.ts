import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decide } from '../../../core/access/access-policy.js';
import type { AccessRequest } from '../../../core/access/decision.js';
import { audiencesOf } from '../../../core/access/relationship.js';
import { DEFAULT_CATALOG } from '../../../core/records/default-catalog.js';
import type { Department } from '../../../core/records/department.js';
import type { Employee } from '../../../core/records/employee.js';
import { fieldByKey, PURPOSE_CODES, type FieldCatalog } from '../../../core/records/field-catalog.js';
import { ROLES } from '../../../core/records/roles.js';
import { employee, TEST_DEPARTMENTS, TEST_NOW } from '../../../core/testing/test-company.js';

const departments = new Map<string, Department>(Object.values(TEST_DEPARTMENTS).map((d) => [d.id, d]));
const hr = employee({ id: 'e-hr', name: '赵敏', departmentId: 'd-hr', roles: ['employee', 'hr_admin'] });
const hr2 = employee({ id: 'e-hr2', name: '钱芳', departmentId: 'd-hr', roles: ['employee', 'hr_admin'] });
const head = employee({ id: 'e-head', name: '王强', departmentId: 'd-rd', roles: ['employee', 'dept_head'] });
const li = employee({ id: 'e-li', name: '李娜', departmentId: 'd-rd' });
const wu = employee({ id: 'e-wu', name: '吴静', departmentId: 'd-sales' });
const zhou = employee({ id: 'e-zhou', name: '周杰', departmentId: 'd-platform' });

const request = (over: Partial<AccessRequest>): AccessRequest => ({
  actor: hr,
  subject: li,
  fields: ['emergency_contacts'],
  purpose: 'emergency_safety',
  justification: '员工在工地受伤，需要联系家属',
  reference: null,
  approvedBy: null,
  catalog: DEFAULT_CATALOG,
  departments,
  now: TEST_NOW,
  ...over,
});

const reasonOf = (over: Partial<AccessRequest>) => decide(request(over)).reason;

describe('decide', () => {
  it('refuses an emergency_safety reveal whose text says it is about a debt (the seed story)', () => {
    expect(decide(request({ justification: '他欠我钱' }))).toMatchObject({ outcome: 'deny', reason: 'JUSTIFICATION_DEBT_COLLECTION', breakGlass: false });
    expect(reasonOf({ justification: "he borrowed 5000 and won't pay back" })).toBe('JUSTIFICATION_DEBT_COLLECTION');
    expect(reasonOf({ justification: '私人纠纷' })).toBe('JUSTIFICATION_PRIVATE_DISPUTE');
    expect(reasonOf({ justification: '推销保险' })).toBe('JUSTIFICATION_MARKETING');
    expect(reasonOf({ justification: '就是好奇' })).toBe('JUSTIFICATION_CURIOSITY');
    expect(reasonOf({ justification: '' })).toBe('JUSTIFICATION_MISSING');
  });

  it('needs no justification when people ask for their own data', () => {
    expect(reasonOf({ actor: li, subject: li, purpose: 'subject_request', justification: '' })).toBe('ALLOWED');
  });

  it('opens break-the-glass for 30 minutes from now', () => {
    const d = decide(request({}));
    expect(d).toMatchObject({ outcome: 'allow', reason: 'ALLOWED_BREAK_GLASS', breakGlass: true, fields: ['emergency_contacts'] });
    expect(d.expiresAt?.toISOString()).toBe('2026-06-15T02:30:00.000Z');
  });

  it('checks in order: inactive actor, no role, anonymised subject, unknown field, unknown purpose', () => {
    const departed = { ...hr, status: 'departed' as const };
    expect(reasonOf({ actor: departed })).toBe('ACTOR_INACTIVE');
    expect(reasonOf({ actor: { ...hr, roles: [] } })).toBe('NO_ROLE');
    expect(reasonOf({ subject: { ...li, anonymisedAt: '2026-01-01T00:00:00.000Z' } })).toBe('SUBJECT_ANONYMISED');
    expect(reasonOf({ fields: ['emergency_contacts', 'shoe_size'] })).toBe('UNKNOWN_FIELD');
    expect(reasonOf({ fields: [] })).toBe('UNKNOWN_FIELD');
    expect(reasonOf({ purpose: 'because' })).toBe('UNKNOWN_PURPOSE');
  });

  it('denies the whole request when one field is not opened by the purpose', () => {
    const d = decide(request({ fields: ['emergency_contacts', 'bank_account'] }));
    expect(d).toMatchObject({ outcome: 'deny', reason: 'PURPOSE_DOES_NOT_OPEN_FIELD', fields: ['emergency_contacts', 'bank_account'] });
  });

  describe('legal_obligation (four eyes)', () => {
    const legal = { purpose: 'legal_obligation', fields: ['bank_account'], justification: '法院协助执行通知书', reference: '（2026）京0108执123号' };
    it('needs a reference number', () => {
      expect(reasonOf({ ...legal, reference: null })).toBe('REFERENCE_REQUIRED');
      expect(reasonOf({ ...legal, reference: '  ' })).toBe('REFERENCE_REQUIRED');
    });
    it('waits for a second HR admin, who must be someone else, active and an HR admin', () => {
      expect(decide(request(legal))).toMatchObject({ outcome: 'needs_second_approver', reason: 'SECOND_APPROVER_REQUIRED' });
      expect(decide(request({ ...legal, approvedBy: hr }))).toMatchObject({ outcome: 'deny', reason: 'SECOND_APPROVER_SAME_PERSON' });
      expect(reasonOf({ ...legal, approvedBy: head })).toBe('SECOND_APPROVER_REQUIRED');
      expect(reasonOf({ ...legal, approvedBy: { ...hr2, status: 'departed' } })).toBe('SECOND_APPROVER_REQUIRED');
      expect(decide(request({ ...legal, approvedBy: hr2 }))).toMatchObject({ outcome: 'allow', reason: 'ALLOWED_SECOND_APPROVER', breakGlass: false });
    });
  });

  describe('relationships when a catalog lets department heads use a purpose', () => {
    // The default catalog gives heads no reveal purpose; an HR edit could. Visibility still binds.
    const catalog: FieldCatalog = {
      ...DEFAULT_CATALOG,
      purposes: DEFAULT_CATALOG.purposes.map((p) => (p.code === 'employment_admin' ? { ...p, roles: ['hr_admin', 'dept_head'] } : p)),
    };
    const asHead = (subject: Employee, fields: string[]) => reasonOf({ actor: head, subject, fields, purpose: 'employment_admin', catalog });
    it('lets a head see contract summaries in the subtree only, and never personal fields', () => {
      expect(asHead(li, ['contract_type'])).toBe('ALLOWED');
      expect(asHead(zhou, ['contract_type'])).toBe('ALLOWED');
      expect(asHead(wu, ['contract_type'])).toBe('NOT_VISIBLE_TO_RELATIONSHIP');
      expect(asHead(li, ['personal_phone'])).toBe('NOT_VISIBLE_TO_RELATIONSHIP');
    });
    it('drops the subtree the moment the dept_head role is gone', () => {
      const demoted = { ...head, roles: ['employee' as const] };
      expect(reasonOf({ actor: demoted, subject: zhou, fields: ['contract_type'], purpose: 'employment_admin', catalog })).toBe('PURPOSE_NOT_FOR_ROLE');
      expect(audiencesOf(demoted, zhou, departments).has('dept_head')).toBe(false);
      expect(audiencesOf(head, zhou, departments).has('dept_head')).toBe(true);
    });
  });

  describe('fails closed', () => {
    it('denies with POLICY_ERROR when the catalog is malformed', () => {
      const broken = { ...DEFAULT_CATALOG, fields: [{ ...fieldByKey(DEFAULT_CATALOG, 'emergency_contacts'), visibleTo: undefined }] } as unknown as FieldCatalog;
      expect(decide(request({ catalog: broken }))).toMatchObject({ outcome: 'deny', reason: 'POLICY_ERROR', fields: ['emergency_contacts'] });
    });
    it('denies with POLICY_ERROR when reading the request throws', () => {
      const hostile = request({});
      Object.defineProperty(hostile, 'departments', { get: () => { throw new Error('boom'); } });
      expect(decide(hostile)).toMatchObject({ outcome: 'deny', reason: 'POLICY_ERROR', expiresAt: null, breakGlass: false });
    });
  });

  it('never throws and never allows what the grid forbids, for arbitrary requests', () => {
    const people = [hr, hr2, head, li, wu, zhou, { ...li, status: 'departed' as const }];
    const fieldKeys = [...DEFAULT_CATALOG.fields.map((f) => f.key), 'nope'];
    fc.assert(
      fc.property(
        fc.constantFrom(...people),
        fc.constantFrom(...people),
        fc.subarray(ROLES.slice(), { minLength: 0 }),
        fc.subarray(fieldKeys, { minLength: 0, maxLength: 4 }),
        fc.constantFrom(...PURPOSE_CODES, 'x'),
        fc.string(),
        (a, subject, roles, fields, purpose, justification) => {
          const actor = { ...a, roles };
          const d = decide(request({ actor, subject, fields, purpose, justification, reference: 'REF-1' }));
          if (d.outcome !== 'allow') return;
          const audiences = audiencesOf(actor, subject, departments);
          for (const key of fields) expect(fieldByKey(DEFAULT_CATALOG, key)?.visibleTo.some((x) => audiences.has(x))).toBe(true);
          expect(purpose).not.toBe('personal_matter');
          if (actor.id !== subject.id) expect(actor.roles).toContain('hr_admin');
        },
      ),
      { numRuns: 2000, seed: 20260615 },
    );
  });
});
