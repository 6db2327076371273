import type { Clock } from '../shared/clock.port.js';
import type { Transactor } from '../shared/unit-of-work.port.js';

const BATCH = 100;

/**
 * Writes the `break_glass.stop` event of every emergency grant whose time is up, so the log
 * shows when each emergency access began and ended (HL7 break-glass start/stop). Safe to run on
 * every instance: a grant is marked stopped by one of them only.
 */
export async function stopExpiredGrants(deps: { readonly tx: Transactor; readonly clock: Clock }): Promise<number> {
  let stopped = 0;
  for (;;) {
    const n = await deps.tx.run(async (uow) => {
      const now = deps.clock.now();
      const due = await uow.grants.listExpiredOpen(now, BATCH);
      let count = 0;
      for (const g of due) {
        if (!(await uow.grants.markStopped(g.id, now))) continue;
        const actor = await uow.employees.get(g.actorId);
        await uow.accessLog.append({
          at: now,
          actorId: g.actorId,
          actorRole: actor?.roles.includes('hr_admin') ? 'hr_admin' : (actor?.roles[0] ?? null),
          subjectId: g.subjectId,
          action: 'break_glass.stop',
          fields: g.fields,
          purpose: g.purpose,
          justification: null,
          outcome: 'recorded',
          reasonCode: 'BREAK_GLASS_EXPIRED',
          channel: 'system',
          correlationId: g.id,
        });
        count += 1;
      }
      return due.length === 0 ? -1 : count;
    });
    if (n < 0) return stopped;
    stopped += n;
  }
}
