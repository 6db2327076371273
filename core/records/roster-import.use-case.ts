import type { Channel } from '../audit/access-log-entry.js';
import { isInOrganisation } from '../access/relationship.js';
import { askForConsent } from '../consent/consent-prompt.js';
import type { Clock } from '../shared/clock.port.js';
import type { Employee } from './employee.js';
import { err, ok, type Result } from '../shared/result.js';
import { validateRoster, type RosterInput, type RosterProblem } from './roster-import.js';
import type { RosterCounts, RosterStore } from './roster-store.port.js';

const reachable = (e: Employee): boolean => isInOrganisation(e) && e.dingtalkUserId !== null;

export interface ImportRosterDeps {
  readonly store: RosterStore;
  readonly clock: Clock;
}

export interface ImportRosterInput extends RosterInput {
  /** Who ran the import (null: the system, e.g. the demo seed). */
  readonly actorId: string | null;
  readonly channel: Channel;
  readonly onProgress?: (done: number, total: number) => void;
  /** False: do not ask new people for consent (the demo seed, whose company is already onboarded). */
  readonly askConsent?: boolean;
}

/**
 * All-or-nothing roster import: every row is checked first; one bad row means a report of all
 * bad rows and nothing written. A clean file is written in one transaction with one log entry
 * that holds counts only.
 */
export async function importRoster(deps: ImportRosterDeps, input: ImportRosterInput): Promise<Result<RosterCounts, RosterProblem[]>> {
  const checked = validateRoster(input, await deps.store.context());
  if (!checked.ok) return err(checked.error);
  const counts = await deps.store.apply(checked.value, {
    columns: new Set(input.columns),
    onProgress: input.onProgress,
    // Onboarding: whoever becomes an employee we can reach in the messenger (new, rehired, or
    // given a messenger account) is asked to read the current notice; nobody twice per version.
    onboarded:
      input.askConsent === false
        ? undefined
        : (people, ports) =>
            askForConsent(
              ports,
              people.filter((p) => reachable(p.after) && (p.before === null || !reachable(p.before))).map((p) => p.after.id),
              'onboarding',
              deps.clock.now(),
            ).then(() => undefined),
    logEntry: (c) => ({
      at: deps.clock.now(),
      actorId: input.actorId,
      actorRole: input.actorId === null ? 'system' : null,
      subjectId: null,
      action: 'import',
      fields: [],
      purpose: null,
      justification: `created ${c.created}, updated ${c.updated}, departments created ${c.departmentsCreated}`,
      outcome: 'recorded',
      reasonCode: 'ROSTER.IMPORTED',
      channel: input.channel,
      correlationId: null,
    }),
  });
  return ok(counts);
}
