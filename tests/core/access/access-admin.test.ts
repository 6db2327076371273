import { beforeEach, describe, expect, it } from 'vitest';
import { changeRoles } from '../../../core/access/change-roles.use-case.js';
import { editCatalog } from '../../../core/access/edit-catalog.use-case.js';
import { validateCatalog, type CatalogDraft } from '../../../core/records/catalog-validation.js';
import { DEFAULT_CATALOG } from '../../../core/records/default-catalog.js';
import type { FieldDefinition } from '../../../core/records/field-catalog.js';
import { buildTestCompany, type TestCompany } from '../../../core/testing/test-company.js';

let c: TestCompany;
beforeEach(async () => {
  c = await buildTestCompany();
});

const { version: _v, updatedBy: _b, updatedAt: _a, ...DRAFT } = DEFAULT_CATALOG;
const withField = (key: string, change: (f: FieldDefinition) => FieldDefinition): CatalogDraft => ({
  ...DRAFT,
  fields: DRAFT.fields.map((f) => (f.key === key ? change(f) : f)),
});
const codes = (draft: CatalogDraft, allowThirdPartyChange = false) =>
  validateCatalog(draft, { allowThirdPartyChange }).map((i) => `${i.path}:${i.code}`);

describe('catalog validation', () => {
  it('accepts the default catalog', () => {
    expect(validateCatalog(DRAFT)).toEqual([]);
  });

  it('wants labels and usage notes in both locales', () => {
    expect(codes(withField('salary', (f) => ({ ...f, note: { ...f.note, en: ' ' } })))).toEqual(['fields.salary.note.en:missing']);
  });

  it('keeps emergency contacts a third party\'s data unless the editor explicitly changes that', () => {
    const loosened = withField('emergency_contacts', (f) => ({ ...f, purposes: [...f.purposes, 'employment_admin'], visibleTo: [...f.visibleTo, 'dept_head'] }));
    expect(codes(loosened)).toEqual(['fields.emergency_contacts.purposes:third_party_purposes_restricted', 'fields.emergency_contacts.visibleTo:third_party_audiences_restricted']);
    expect(codes(loosened, true)).toEqual([]);
  });

  it('lets HR set the seed\'s one-year retention for emergency contacts, but no negative days', () => {
    expect(codes(withField('emergency_contacts', (f) => ({ ...f, retention: { kind: 'days_after_departure', days: 365 } })))).toEqual([]);
    expect(codes(withField('emergency_contacts', (f) => ({ ...f, retention: { kind: 'days_after_departure', days: -1 } })))).toEqual([
      'fields.emergency_contacts.retention.days:not_a_non_negative_integer',
    ]);
  });

  it('refuses unknown purposes, opening the never-valid purpose, and plain-column personal data', () => {
    expect(codes(withField('salary', (f) => ({ ...f, purposes: ['payroll_social_insurance', 'bonus' as never] })))).toEqual(['fields.salary.purposes:unknown_purpose:bonus']);
    expect(codes(withField('salary', (f) => ({ ...f, purposes: ['personal_matter'] })))).toEqual(['fields.salary.purposes:never_valid_purpose:personal_matter']);
    expect(codes(withField('home_address', (f) => ({ ...f, storage: 'record' })))).toEqual(['fields.home_address.storage:protected_field_must_be_in_vault']);
  });

  it('keeps the legal rules of purposes: four eyes, break-glass, never-valid', () => {
    const draft: CatalogDraft = {
      ...DRAFT,
      purposes: DRAFT.purposes.map((p) =>
        p.code === 'legal_obligation' ? { ...p, requiresSecondApprover: false } : p.code === 'personal_matter' ? { ...p, neverValid: false } : p.code === 'emergency_safety' ? { ...p, breakGlassMinutes: null } : p,
      ),
    };
    expect(codes(draft)).toEqual([
      'purposes.emergency_safety:emergency_safety_is_break_glass',
      'purposes.legal_obligation:legal_obligation_needs_reference_and_second_approver',
      'purposes.personal_matter:personal_matter_is_never_valid',
    ]);
  });

  it('requires one retention rule per key scope, since a scope is shredded as a unit', () => {
    const draft = withField('personal_email', (f) => ({ ...f, retention: { kind: 'days_after_departure', days: 10 } }));
    expect(codes(draft)).toEqual(['fields.personal_email.retention:differs_within_scope:personal_contact']);
  });
});

describe('editing the catalog', () => {
  const oneYear = withField('emergency_contacts', (f) => ({ ...f, retention: { kind: 'days_after_departure', days: 365 } }));

  it('publishes a new version for an HR admin and logs which fields changed', async () => {
    const r = await editCatalog(c.deps, { actorId: 'e-hr', catalog: oneYear, baseVersion: 1, channel: 'miniapp' });
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    expect(r.value.catalog).toMatchObject({ version: 2, updatedBy: 'e-hr', updatedAt: '2026-06-15T02:00:00.000Z' });
    expect((await c.stores.catalog.current()).fields.find((f) => f.key === 'emergency_contacts')?.retention).toEqual({ kind: 'days_after_departure', days: 365 });
    expect(c.stores.accessLog.entries.at(-1)).toMatchObject({ action: 'catalog.edit', outcome: 'allowed', actorId: 'e-hr', fields: ['emergency_contacts'] });
  });

  it('refuses anyone but an HR admin, and logs the attempt', async () => {
    const r = await editCatalog(c.deps, { actorId: 'e-head', catalog: oneYear, baseVersion: 1, channel: 'miniapp' });
    expect(r).toEqual({ ok: false, error: expect.objectContaining({ code: 'ACCESS.DENIED', params: { reason: 'NOT_HR_ADMIN' } }) });
    expect(c.stores.accessLog.entries.at(-1)).toMatchObject({ action: 'catalog.edit', outcome: 'denied', reasonCode: 'NOT_HR_ADMIN' });
    expect((await c.stores.catalog.current()).version).toBe(1);
  });

  it('refuses an invalid catalog with every issue listed, and a stale base version', async () => {
    const bad = withField('salary', (f) => ({ ...f, label: { 'zh-CN': '', en: '' } }));
    const r = await editCatalog(c.deps, { actorId: 'e-hr', catalog: bad, baseVersion: 1, channel: 'miniapp' });
    expect(r).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'RECORD.INVALID', params: { reason: 'CATALOG_INVALID', count: 2, issues: 'fields.salary.label.zh-CN:missing;fields.salary.label.en:missing' } }),
    });
    const stale = await editCatalog(c.deps, { actorId: 'e-hr', catalog: oneYear, baseVersion: 0, channel: 'miniapp' });
    expect(stale).toEqual({ ok: false, error: expect.objectContaining({ code: 'RECORD.CONFLICT' }) });
    expect((await c.stores.catalog.current()).version).toBe(1);
  });
});

describe('changing roles', () => {
  it('lets an HR admin set roles, logging before and after', async () => {
    const r = await changeRoles(c.deps, { actorId: 'e-hr', employeeId: 'e-li', roles: ['dept_head', 'employee', 'employee'], channel: 'miniapp' });
    expect(r.ok && r.value.roles).toEqual(['employee', 'dept_head']);
    expect(c.stores.accessLog.entries.at(-1)).toMatchObject({ action: 'roles.edit', subjectId: 'e-li', outcome: 'allowed', justification: 'employee -> employee,dept_head' });
  });

  it('refuses anyone but an HR admin, and unknown roles', async () => {
    expect(await changeRoles(c.deps, { actorId: 'e-head', employeeId: 'e-li', roles: ['hr_admin'], channel: 'miniapp' })).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'ACCESS.DENIED', params: { reason: 'NOT_HR_ADMIN' } }),
    });
    expect((await changeRoles(c.deps, { actorId: 'e-hr', employeeId: 'e-li', roles: ['ceo'], channel: 'miniapp' })).ok).toBe(false);
    expect((await c.stores.employees.get('e-li'))?.roles).toEqual(['employee']);
  });

  it('keeps at least one HR admin', async () => {
    expect((await changeRoles(c.deps, { actorId: 'e-hr', employeeId: 'e-hr2', roles: ['employee'], channel: 'miniapp' })).ok).toBe(true);
    const last = await changeRoles(c.deps, { actorId: 'e-hr', employeeId: 'e-hr', roles: ['employee'], channel: 'miniapp' });
    expect(last).toEqual({ ok: false, error: expect.objectContaining({ code: 'RECORD.CONFLICT', params: { reason: 'LAST_HR_ADMIN' } }) });
  });
});
