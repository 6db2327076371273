import { beforeEach, describe, expect, it } from 'vitest';
import { readGrant } from '../../../core/access/read-grant.use-case.js';
import { revealFields, type RevealFieldsInput } from '../../../core/access/reveal-fields.use-case.js';
import { buildTestCompany, type TestCompany } from '../../../core/testing/test-company.js';
import { MINUTE_MS } from '../../../core/shared/clock.port.js';

let c: TestCompany;
beforeEach(async () => {
  c = await buildTestCompany();
});

const emergency = (over: Partial<RevealFieldsInput> = {}): RevealFieldsInput => ({
  actorId: 'e-hr',
  subjectId: 'e-zhou',
  fields: ['emergency_contacts'],
  purpose: 'emergency_safety',
  justification: '员工在工地受伤，需要联系家属',
  channel: 'miniapp',
  correlationId: 'req-1',
  ...over,
});

describe('break-the-glass (emergency_safety)', () => {
  it('reveals one subject\'s contacts with the usage note, opens a 30-minute grant and a review task', async () => {
    const r = await revealFields(c.deps, emergency());
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    expect(r.value.breakGlass).toBe(true);
    expect(r.value.expiresAt.toISOString()).toBe('2026-06-15T02:30:00.000Z');
    const [contacts] = r.value.values;
    expect(contacts?.state).toBe('value');
    expect(contacts?.value).toEqual(c.vaultValues.get('e-zhou')?.get('emergency_contacts'));
    expect(contacts?.note['zh-CN']).toContain('第三方');
    expect(contacts?.note.en).toContain("third party's personal data");

    const grant = await c.stores.grants.getGrant(r.value.grantId ?? '');
    expect(grant).toMatchObject({ actorId: 'e-hr', subjectId: 'e-zhou', fields: ['emergency_contacts'], purpose: 'emergency_safety' });
    const reviews = await c.stores.grants.listReviews('open');
    expect(reviews).toEqual([expect.objectContaining({ grantId: grant?.id, actorId: 'e-hr', subjectId: 'e-zhou', status: 'open' })]);

    const actions = c.stores.accessLog.entries.map((e) => `${e.action}:${e.outcome}:${e.reasonCode}`);
    expect(actions).toEqual(['reveal:allowed:ALLOWED_BREAK_GLASS', 'break_glass.start:allowed:ALLOWED_BREAK_GLASS']);
    expect(c.stores.accessLog.entries[0]).toMatchObject({ actorId: 'e-hr', actorRole: 'hr_admin', subjectId: 'e-zhou', channel: 'miniapp', correlationId: 'req-1', justification: '员工在工地受伤，需要联系家属' });
  });

  it('tells the subject afterwards and asks the other HR admins to review', async () => {
    const r = await revealFields(c.deps, emergency());
    expect(r.ok).toBe(true);
    const notice = c.stores.outbox.messages.find((m) => m.template === 'access.break_glass_notice');
    expect(notice).toMatchObject({ recipient: { kind: 'employee', employeeId: 'e-zhou' }, params: { actorRole: 'hr_admin', fields: 'emergency_contacts', purpose: 'emergency_safety' } });
    const reviews = c.stores.outbox.messages.filter((m) => m.template === 'access.break_glass_review');
    expect(reviews.map((m) => m.recipient)).toEqual([{ kind: 'employee', employeeId: 'e-hr2' }]);
  });

  it('reaches a former employee through the channel he chose when he left', async () => {
    const r = await revealFields(c.deps, emergency({ subjectId: 'e-zhang' }));
    expect(r.ok).toBe(true);
    const notice = c.stores.outbox.messages.find((m) => m.template === 'access.break_glass_notice');
    expect(notice?.recipient).toEqual({ kind: 'former_employee_mail', employeeId: 'e-zhang' });
  });

  it('lets the grant be re-read at +29:59 and refuses it one second after expiry, logging both', async () => {
    const r = await revealFields(c.deps, emergency());
    if (!r.ok) throw new Error('reveal refused');
    const grantId = r.value.grantId ?? '';
    c.clock.advance(29 * MINUTE_MS + 59_000);
    const again = await readGrant(c.deps, { actorId: 'e-hr', grantId, channel: 'miniapp' });
    expect(again.ok && again.value.values[0]?.value).toEqual(c.vaultValues.get('e-zhou')?.get('emergency_contacts'));

    c.clock.advance(2_000); // expiry + 1 s
    const late = await readGrant(c.deps, { actorId: 'e-hr', grantId, channel: 'miniapp' });
    expect(late).toEqual({ ok: false, error: expect.objectContaining({ code: 'ACCESS.EXPIRED', params: { reason: 'BREAK_GLASS_EXPIRED' } }) });
    expect(c.stores.accessLog.entries.slice(-2).map((e) => `${e.action}:${e.outcome}:${e.reasonCode}`)).toEqual([
      'reveal:allowed:ALLOWED_BREAK_GLASS',
      'reveal:denied:BREAK_GLASS_EXPIRED',
    ]);
  });

  it('covers one subject only, and only for the actor who broke the glass', async () => {
    const r = await revealFields(c.deps, emergency());
    if (!r.ok) throw new Error('reveal refused');
    const grant = await c.stores.grants.getGrant(r.value.grantId ?? '');
    expect(grant?.subjectId).toBe('e-zhou');
    const other = await readGrant(c.deps, { actorId: 'e-hr2', grantId: r.value.grantId ?? '', channel: 'miniapp' });
    const missing = await readGrant(c.deps, { actorId: 'e-hr2', grantId: 'no-such-grant', channel: 'miniapp' });
    expect(other).toEqual(missing);
    expect(other.ok).toBe(false);
  });

  it('rejects a request without a justification', async () => {
    const r = await revealFields(c.deps, emergency({ justification: '  ' }));
    expect(r).toEqual({ ok: false, error: expect.objectContaining({ code: 'ACCESS.JUSTIFICATION_REFUSED', params: { reason: 'JUSTIFICATION_MISSING' } }) });
    expect(await c.stores.grants.listReviews('open')).toEqual([]);
  });

  it('alerts the other HR admins and the auditor when one actor exceeds the daily threshold', async () => {
    const subjects = ['e-zhou', 'e-li', 'e-chen', 'e-wu'];
    for (const [i, subjectId] of subjects.entries()) {
      const r = await revealFields(c.deps, emergency({ subjectId }));
      expect(r.ok).toBe(true);
      const alerts = c.stores.outbox.messages.filter((m) => m.template === 'access.break_glass_alert');
      // Threshold 3: the fourth use in 24 h is "more than K".
      expect(alerts.length, `after use ${i + 1}`).toBe(i < 3 ? 0 : 2);
      c.clock.advance(MINUTE_MS);
    }
    const alerts = c.stores.outbox.messages.filter((m) => m.template === 'access.break_glass_alert');
    expect(alerts.map((m) => m.recipient)).toEqual([
      { kind: 'employee', employeeId: 'e-hr2' },
      { kind: 'employee', employeeId: 'e-auditor' },
    ]);
    expect(alerts[0]?.params).toMatchObject({ actorId: 'e-hr', uses: 4, threshold: 3 });
    expect(c.stores.accessLog.entries.filter((e) => e.action === 'security').map((e) => e.reasonCode)).toEqual(['BREAK_GLASS_ALERT']);
  });

  it('counts uses over the last 24 hours, so yesterday\'s emergencies do not raise today\'s alert', async () => {
    for (const subjectId of ['e-zhou', 'e-li', 'e-chen']) await revealFields(c.deps, emergency({ subjectId }));
    c.clock.advance(24 * 60 * MINUTE_MS + 1);
    await revealFields(c.deps, emergency({ subjectId: 'e-wu' }));
    expect(c.stores.outbox.messages.filter((m) => m.template === 'access.break_glass_alert')).toEqual([]);
  });

  it('ends the grant at once when the actor loses the HR role', async () => {
    const r = await revealFields(c.deps, emergency());
    if (!r.ok) throw new Error('reveal refused');
    const hr = await c.stores.employees.get('e-hr');
    if (!hr) throw new Error('missing');
    await c.stores.employees.save({ ...hr, roles: ['employee'] });
    const again = await readGrant(c.deps, { actorId: 'e-hr', grantId: r.value.grantId ?? '', channel: 'miniapp' });
    expect(again).toEqual({ ok: false, error: expect.objectContaining({ code: 'ACCESS.PURPOSE_REFUSED', params: { reason: 'PURPOSE_NOT_FOR_ROLE' } }) });
  });
});
