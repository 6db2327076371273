import { describe, expect, it } from 'vitest';
import { revealFields } from '../../../core/access/reveal-fields.use-case.js';
import { stopExpiredGrants } from '../../../core/access/stop-expired-grants.use-case.js';
import { buildTestCompany } from '../../../core/testing/test-company.js';
import { MINUTE_MS } from '../../../core/shared/clock.port.js';

describe('break-the-glass stop event', () => {
  it('logs break_glass.stop once when the grant expires, not before, and never twice', async () => {
    const c = await buildTestCompany();
    const r = await revealFields(c.deps, {
      actorId: 'e-hr',
      subjectId: 'e-zhou',
      fields: ['emergency_contacts'],
      purpose: 'emergency_safety',
      justification: '员工在工地受伤，需要联系家属',
      channel: 'miniapp',
    });
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    const stops = () => c.stores.accessLog.entries.filter((e) => e.action === 'break_glass.stop');

    c.clock.advance(29 * MINUTE_MS);
    expect(await stopExpiredGrants(c.deps)).toBe(0);
    expect(stops()).toEqual([]);

    c.clock.advance(MINUTE_MS);
    expect(await stopExpiredGrants(c.deps)).toBe(1);
    expect(stops()).toEqual([
      expect.objectContaining({ actorId: 'e-hr', subjectId: 'e-zhou', fields: ['emergency_contacts'], outcome: 'recorded', reasonCode: 'BREAK_GLASS_EXPIRED', correlationId: r.value.grantId }),
    ]);
    expect(c.stores.accessLog.entries.find((e) => e.action === 'break_glass.start')?.correlationId ?? r.value.grantId).toBeTruthy();

    c.clock.advance(MINUTE_MS);
    expect(await stopExpiredGrants(c.deps)).toBe(0);
    expect(stops()).toHaveLength(1);
  });
});
