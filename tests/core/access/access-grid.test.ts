import { describe, expect, it } from 'vitest';
import { decide } from '../../../core/access/access-policy.js';
import type { AccessDecision } from '../../../core/access/decision.js';
import { viewRecord } from '../../../core/access/view-record.use-case.js';
import { DEFAULT_CATALOG } from '../../../core/records/default-catalog.js';
import type { Department } from '../../../core/records/department.js';
import type { Employee } from '../../../core/records/employee.js';
import { NO_SEPARATION } from '../../../core/records/employee.js';
import type { Role } from '../../../core/records/roles.js';
import { InMemoryDepartments } from '../../../core/testing/in-memory-departments.js';
import { InMemoryEmployees } from '../../../core/testing/in-memory-employees.js';
import { InMemoryTransactor, inMemoryStores } from '../../../core/testing/in-memory-transactor.js';
import { employee, TEST_DEPARTMENTS, TEST_NOW } from '../../../core/testing/test-company.js';
import { FixedClock } from '../../../core/shared/clock.port.js';

/*
 * The whole grid: role × relationship × field class × purpose (+ the purpose-less masked view).
 * Every cell below was decided on purpose; a combination missing from the table fails the test.
 *
 * Cell codes (decide):  ok  = allow / ALLOWED            bg   = allow / ALLOWED_BREAK_GLASS
 *                       2nd = needs_second_approver      vis  = deny / NOT_VISIBLE_TO_RELATIONSHIP
 *                       open = deny / PURPOSE_DOES_NOT_OPEN_FIELD
 *                       role = deny / PURPOSE_NOT_FOR_ROLE   own = deny / PURPOSE_ONLY_OWN_RECORD
 *                       never = deny / PURPOSE_NEVER_VALID
 * Cell codes (view):    plain = value shown, masked = personal/sensitive mask, hidden = not returned.
 *
 * Decisions worth reading twice:
 * - Every reveal request carries a legitimate justification and a reference but no second
 *   approver: legal_obligation therefore stops at 2nd for protected fields.
 * - Public/internal fields need no purpose: a visible one is simply allowed, with no gates.
 * - Department heads and ordinary employees hold no reveal purpose except subject_request on
 *   themselves; what a head may see of the subtree (basic + contract summary) shows in `view`.
 * - Former employees (relationship `departed`) are invisible to colleagues and heads. HR may
 *   still open a departed person's emergency contacts under emergency_safety while they are
 *   retained (bg): an emergency can concern a former employee (e.g. missing after leaving);
 *   once purged, the vault answers `erased`.
 * - An auditor-only account sees its own record and nothing of anyone else's.
 */

const FIELDS = ['name', 'contract_type', 'personal_phone', 'bank_account', 'emergency_contacts'] as const; // public, internal, personal, sensitive, third-party
const PURPOSES = ['emergency_safety', 'payroll_social_insurance', 'employment_admin', 'subject_request', 'legal_obligation', 'personal_matter'] as const;
const ROLE_SETS = {
  employee: ['employee'],
  dept_head: ['employee', 'dept_head'],
  hr_admin: ['employee', 'hr_admin'],
  auditor: ['auditor'],
  'hr_admin+dept_head': ['employee', 'hr_admin', 'dept_head'],
} satisfies Record<string, Role[]>;
const RELATIONSHIPS = ['self', 'same_department', 'other_department', 'subtree_child', 'departed'] as const;

type Row = Record<(typeof PURPOSES)[number] | 'view', string>;

const NOT_FOR_ROLE_OWN = { emergency_safety: 'role role role role role', payroll_social_insurance: 'role role role role role', employment_admin: 'role role role role role', legal_obligation: 'role role role role role', personal_matter: 'never never never never never' };
const HR_ON_OTHERS = {
  emergency_safety: 'ok ok bg open bg',
  payroll_social_insurance: 'ok ok open ok open',
  employment_admin: 'ok ok ok open open',
  subject_request: 'own own own own own',
  legal_obligation: 'ok ok 2nd 2nd 2nd',
  personal_matter: 'never never never never never',
  view: 'plain plain masked masked masked',
};
const HR_ON_SELF = { ...HR_ON_OTHERS, subject_request: 'ok ok ok ok ok' };

const TABLE: Record<string, Row> = {
  'employee|self': { ...NOT_FOR_ROLE_OWN, subject_request: 'ok ok ok ok ok', view: 'plain plain masked masked masked' },
  'employee|same_department': { ...NOT_FOR_ROLE_OWN, subject_request: 'own own own own own', view: 'plain hidden hidden hidden hidden' },
  'employee|other_department': { ...NOT_FOR_ROLE_OWN, subject_request: 'own own own own own', view: 'plain hidden hidden hidden hidden' },
  'employee|subtree_child': { ...NOT_FOR_ROLE_OWN, subject_request: 'own own own own own', view: 'plain hidden hidden hidden hidden' },
  'employee|departed': { ...NOT_FOR_ROLE_OWN, subject_request: 'own own own own own', view: 'hidden hidden hidden hidden hidden' },

  'dept_head|self': { ...NOT_FOR_ROLE_OWN, subject_request: 'ok ok ok ok ok', view: 'plain plain masked masked masked' },
  'dept_head|same_department': { ...NOT_FOR_ROLE_OWN, subject_request: 'own own own own own', view: 'plain plain hidden hidden hidden' },
  'dept_head|other_department': { ...NOT_FOR_ROLE_OWN, subject_request: 'own own own own own', view: 'plain hidden hidden hidden hidden' },
  'dept_head|subtree_child': { ...NOT_FOR_ROLE_OWN, subject_request: 'own own own own own', view: 'plain plain hidden hidden hidden' },
  'dept_head|departed': { ...NOT_FOR_ROLE_OWN, subject_request: 'own own own own own', view: 'hidden hidden hidden hidden hidden' },

  'hr_admin|self': HR_ON_SELF,
  'hr_admin|same_department': HR_ON_OTHERS,
  'hr_admin|other_department': HR_ON_OTHERS,
  'hr_admin|subtree_child': HR_ON_OTHERS,
  'hr_admin|departed': HR_ON_OTHERS,

  'auditor|self': { ...NOT_FOR_ROLE_OWN, subject_request: 'ok ok ok ok ok', view: 'plain plain masked masked masked' },
  'auditor|same_department': { ...NOT_FOR_ROLE_OWN, subject_request: 'own own own own own', view: 'hidden hidden hidden hidden hidden' },
  'auditor|other_department': { ...NOT_FOR_ROLE_OWN, subject_request: 'own own own own own', view: 'hidden hidden hidden hidden hidden' },
  'auditor|subtree_child': { ...NOT_FOR_ROLE_OWN, subject_request: 'own own own own own', view: 'hidden hidden hidden hidden hidden' },
  'auditor|departed': { ...NOT_FOR_ROLE_OWN, subject_request: 'own own own own own', view: 'hidden hidden hidden hidden hidden' },

  'hr_admin+dept_head|self': HR_ON_SELF,
  'hr_admin+dept_head|same_department': HR_ON_OTHERS,
  'hr_admin+dept_head|other_department': HR_ON_OTHERS,
  'hr_admin+dept_head|subtree_child': HR_ON_OTHERS,
  'hr_admin+dept_head|departed': HR_ON_OTHERS,
};

const CODE: Record<string, Pick<AccessDecision, 'outcome' | 'reason'>> = {
  ok: { outcome: 'allow', reason: 'ALLOWED' },
  bg: { outcome: 'allow', reason: 'ALLOWED_BREAK_GLASS' },
  '2nd': { outcome: 'needs_second_approver', reason: 'SECOND_APPROVER_REQUIRED' },
  vis: { outcome: 'deny', reason: 'NOT_VISIBLE_TO_RELATIONSHIP' },
  open: { outcome: 'deny', reason: 'PURPOSE_DOES_NOT_OPEN_FIELD' },
  role: { outcome: 'deny', reason: 'PURPOSE_NOT_FOR_ROLE' },
  own: { outcome: 'deny', reason: 'PURPOSE_ONLY_OWN_RECORD' },
  never: { outcome: 'deny', reason: 'PURPOSE_NEVER_VALID' },
};

// The actor works in 研发部 and is recorded as its head; only the dept_head role makes that count.
const departments = new Map<string, Department>(
  Object.values(TEST_DEPARTMENTS).map((d) => [d.id, d.id === 'd-rd' ? { ...d, headEmployeeId: 'actor' } : d]),
);

function actorWith(roles: Role[]): Employee {
  return employee({ id: 'actor', name: '甲', departmentId: 'd-rd', roles });
}

function subjectFor(rel: (typeof RELATIONSHIPS)[number], actor: Employee): Employee {
  switch (rel) {
    case 'self':
      return actor;
    case 'same_department':
      return employee({ id: 's-same', name: '乙', departmentId: 'd-rd' });
    case 'other_department':
      return employee({ id: 's-other', name: '丙', departmentId: 'd-sales' });
    case 'subtree_child':
      return employee({ id: 's-child', name: '丁', departmentId: 'd-platform' });
    case 'departed':
      return employee({
        id: 's-gone',
        name: '戊',
        departmentId: 'd-rd',
        status: 'departed',
        separation: { ...NO_SEPARATION, departedAt: '2025-12-15T00:00:00.000Z', handoverStatus: 'confirmed' },
      });
  }
}

function cells(row: Row, column: keyof Row): string[] {
  const codes = row[column].split(/\s+/);
  if (codes.length !== FIELDS.length) throw new Error(`column ${column} needs ${FIELDS.length} cells`);
  return codes;
}

const combos = Object.keys(ROLE_SETS).flatMap((role) => RELATIONSHIPS.map((rel) => [role, rel] as const));

describe('the access grid', () => {
  it('has an expectation for every role × relationship, and nothing else', () => {
    const wanted = combos.map(([r, rel]) => `${r}|${rel}`).sort();
    expect(Object.keys(TABLE).sort()).toEqual(wanted);
    for (const key of wanted) {
      const row = TABLE[key];
      expect(row, key).toBeDefined();
      for (const column of [...PURPOSES, 'view'] as const) {
        for (const code of cells(row as Row, column)) {
          expect(column === 'view' ? ['plain', 'masked', 'hidden'] : Object.keys(CODE), `${key} ${column}`).toContain(code);
        }
      }
    }
  });

  it.each(combos)('decide() matches the table for %s looking at %s', (roleName, rel) => {
    const row = TABLE[`${roleName}|${rel}`];
    if (!row) throw new Error(`no expectation for ${roleName}|${rel}`);
    const actor = actorWith(ROLE_SETS[roleName as keyof typeof ROLE_SETS]);
    const subject = subjectFor(rel, actor);
    const got: string[] = [];
    const want: string[] = [];
    for (const purpose of PURPOSES) {
      cells(row, purpose).forEach((code, i) => {
        const field = FIELDS[i] as string;
        const d = decide({
          actor,
          subject,
          fields: [field],
          purpose,
          justification: '员工在工地受伤，需要联系家属',
          reference: '（2026）京0108民初1234号',
          approvedBy: null,
          catalog: DEFAULT_CATALOG,
          departments,
          now: TEST_NOW,
        });
        const expected = CODE[code];
        got.push(`${purpose}/${field}: ${d.outcome}/${d.reason}`);
        want.push(`${purpose}/${field}: ${expected?.outcome}/${expected?.reason}`);
        if (d.breakGlass) expect(d.expiresAt?.getTime()).toBe(TEST_NOW.getTime() + 30 * 60 * 1000);
      });
    }
    expect(got).toEqual(want);
  });

  it.each(combos)('the masked view matches the table for %s looking at %s', async (roleName, rel) => {
    const row = TABLE[`${roleName}|${rel}`];
    if (!row) throw new Error(`no expectation for ${roleName}|${rel}`);
    const actor = actorWith(ROLE_SETS[roleName as keyof typeof ROLE_SETS]);
    const subject = subjectFor(rel, actor);
    const deps = new InMemoryDepartments([...departments.values()]);
    const stores = inMemoryStores({ departments: deps, employees: new InMemoryEmployees(rel === 'self' ? [actor] : [actor, subject], deps) });
    await stores.vault.write(
      subject.id,
      new Map<string, string | { name: string; relation: string; phone: string }[]>([
        ['personal_phone', '13912345678'],
        ['bank_account', '6222000011112222'],
        ['emergency_contacts', [{ name: '母亲甲', relation: '母亲', phone: '13700001111' }]],
      ]),
      DEFAULT_CATALOG,
    );
    const result = await viewRecord(
      { tx: new InMemoryTransactor(stores), clock: new FixedClock(TEST_NOW) },
      { actorId: actor.id, subjectId: subject.id, fields: [...FIELDS], channel: 'miniapp' },
    );
    const shown = new Map(result.ok ? result.value.fields.map((f) => [f.field, f]) : []);
    const got = FIELDS.map((f) => {
      const v = shown.get(f);
      return `${f}: ${!v ? 'hidden' : v.masked ? 'masked' : 'plain'}`;
    });
    expect(got).toEqual(cells(row, 'view').map((code, i) => `${FIELDS[i]}: ${code}`));
    // A masked value is never the plaintext.
    for (const v of shown.values()) if (v.masked) expect(JSON.stringify(v.value)).not.toMatch(/13912345678|6222000011112222|13700001111|母亲甲/);
    if (!result.ok) expect(result.error).toMatchObject({ code: 'ACCESS.DENIED', params: { reason: 'NOT_VISIBLE_TO_RELATIONSHIP' } });
  });
});
