import { describe, expect, it } from 'vitest';
import type { NewAccessLogEntry } from '../../core/audit/access-log-entry.js';
import { whoViewedMyData } from '../../core/audit/who-viewed-my-data.use-case.js';
import { pseudonymFor } from '../../core/records/employee.js';
import { buildTestCompany } from '../../core/testing/test-company.js';

const at = (minute: number) => new Date(Date.UTC(2026, 5, 1, 8, minute));
const SECRET_REASON = '他说张三欠钱不还，想要他父母电话';

function entry(e: Partial<NewAccessLogEntry> & Pick<NewAccessLogEntry, 'actorId' | 'subjectId'>): NewAccessLogEntry {
  return {
    at: at(0),
    actorRole: 'hr_admin',
    action: 'reveal',
    fields: ['emergency_contacts'],
    purpose: 'emergency',
    justification: SECRET_REASON,
    outcome: 'allowed',
    reasonCode: 'POLICY.OK',
    channel: 'bot',
    correlationId: null,
    ...e,
  };
}

describe('who viewed my data', () => {
  async function company() {
    const c = await buildTestCompany();
    const log = c.stores.accessLog;
    const { hr, hr2, salesHead, li, chen } = c.people;
    await log.append(entry({ at: at(1), actorId: hr.id, subjectId: li.id }));
    await log.append(entry({ at: at(2), actorId: li.id, subjectId: li.id, actorRole: 'employee', action: 'view' }));
    await log.append(entry({ at: at(3), actorId: salesHead.id, subjectId: li.id, actorRole: 'dept_head', outcome: 'denied', purpose: 'contact_request' }));
    await log.append(entry({ at: at(4), actorId: hr.id, subjectId: chen.id }));
    await log.append(entry({ at: at(5), actorId: null, subjectId: li.id, actorRole: 'system', action: 'purge', purpose: null, justification: null, outcome: 'recorded' }));
    await log.append(entry({ at: at(6), actorId: hr2.id, subjectId: li.id, purpose: 'payroll', fields: ['bank_account'] }));
    await c.stores.employees.save({ ...hr2, anonymisedAt: at(7).toISOString(), name: 'anonymised' });
    const deps = { log, employees: c.stores.employees, departments: c.stores.departments };
    return { c, deps };
  }

  it("shows time, the viewer's role and department, purpose and outcome — newest first, without my own actions", async () => {
    const { c, deps } = await company();
    const result = await whoViewedMyData(deps, { employeeId: c.people.li.id });
    if (!result.ok) throw new Error(result.error.code);
    expect(result.value.views.map((v) => [v.at.getUTCMinutes(), v.viewer, v.viewerRole, v.viewerDepartment, v.purpose, v.outcome, v.action])).toEqual([
      [6, pseudonymFor(c.people.hr2.id), 'hr_admin', null, 'payroll', 'allowed', 'reveal'],
      [5, null, 'system', null, null, 'recorded', 'purge'],
      [3, '孙丽', 'dept_head', '销售部', 'contact_request', 'denied', 'reveal'],
      [1, '赵敏', 'hr_admin', '人力资源部', 'emergency', 'allowed', 'reveal'],
    ]);
  });

  it("never shows the free-text justification of others", async () => {
    const { c, deps } = await company();
    const result = await whoViewedMyData(deps, { employeeId: c.people.li.id });
    expect(JSON.stringify(result)).not.toContain('欠钱');
    expect(Object.keys(result.ok ? result.value.views[0]! : {})).not.toContain('justification');
  });

  it('pages with a keyset cursor', async () => {
    const { c, deps } = await company();
    const first = await whoViewedMyData(deps, { employeeId: c.people.li.id, limit: 2 });
    if (!first.ok) throw new Error(first.error.code);
    expect(first.value.views.map((v) => v.seq)).toEqual([6, 5]);
    const second = await whoViewedMyData(deps, { employeeId: c.people.li.id, limit: 2, beforeSeq: first.value.nextBeforeSeq! });
    expect(second.ok && second.value.views.map((v) => v.seq)).toEqual([3, 1]);
  });

  it('refuses a limit out of range and an unknown employee', async () => {
    const { deps, c } = await company();
    expect(await whoViewedMyData(deps, { employeeId: c.people.li.id, limit: 0 })).toMatchObject({ ok: false, error: { code: 'INPUT.INVALID' } });
    expect(await whoViewedMyData(deps, { employeeId: 'nobody' })).toMatchObject({ ok: false, error: { code: 'RECORD.NOT_FOUND' } });
  });
});
