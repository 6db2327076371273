import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileResignation } from '../../core/offboarding/file-resignation.use-case.js';
import { decideResignation } from '../../core/offboarding/decide-resignation.use-case.js';
import { departEmployee, departByMessengerEvent } from '../../core/offboarding/depart-employee.use-case.js';
import { offboardingDb, type OffboardingDb } from './offboarding-db.js';

/**
 * Leaving before the planned last day: retention must count from the day the person actually
 * left, not from a future date they never worked until.
 */
describe('early departure on sqlite', () => {
  let h: OffboardingDb;
  beforeAll(async () => {
    h = await offboardingDb('sqlite', new Date('2026-03-02T02:00:00Z'));
  });
  afterAll(async () => h?.close());
  const get = (id: string) => h.transactor.run((uow) => uow.employees.get(id));

  it('HR departing a pending employee early makes today the last day and the final pay date', async () => {
    const filed = await fileResignation(h.deps, { actorId: 'e-leaver', employeeId: 'e-leaver', lastDay: '2026-06-30', reasonCategory: 'career', channel: 'bot' });
    const caseId = filed.ok ? filed.value.id : '';
    expect((await decideResignation(h.deps, { actorId: 'e-head', caseId, as: 'dept_head', approve: true, channel: 'bot' })).ok).toBe(true);
    expect((await decideResignation(h.deps, { actorId: 'e-hr', caseId, as: 'hr', approve: true, channel: 'bot' })).ok).toBe(true);
    expect((await get('e-leaver'))?.separation.lastDay).toBe('2026-06-30');

    h.clock.set(new Date('2026-03-10T03:00:00Z')); // 11:00 on 10 March in Shanghai
    const departed = await departEmployee(h.deps, { actorId: 'e-hr', employeeId: 'e-leaver', channel: 'miniapp' });
    expect(departed.ok).toBe(true);
    const me = await get('e-leaver');
    expect(me?.status).toBe('departed');
    expect(me?.separation.lastDay).toBe('2026-03-10');
    expect(me?.separation.finalPayDate).toBe('2026-03-10');
  });

  it('the messenger event for someone with no case also uses today', async () => {
    h.clock.set(new Date('2026-03-11T16:30:00Z')); // 00:30 on 12 March in Shanghai
    const colleague = await get('e-li');
    expect(colleague?.dingtalkUserId).toBeTruthy();
    const r = await departByMessengerEvent(h.deps, [colleague!.dingtalkUserId!]);
    expect(r.departed).toEqual(['e-li']);
    expect((await get('e-li'))?.separation).toMatchObject({ lastDay: '2026-03-12', finalPayDate: '2026-03-12' });
  });
});
