import type { Departments, Employees } from '../records/records.ports.js';
import { pseudonymFor } from '../records/employee.js';
import { domainError, type DomainError } from '../shared/domain-error.js';
import { err, ok, type Result } from '../shared/result.js';
import type { AccessLogEntry, LogAction, LogOutcome } from './access-log-entry.js';
import type { AccessLogReader } from './access-log.port.js';

export interface WhoViewedMyDataDeps {
  readonly log: AccessLogReader;
  readonly employees: Pick<Employees, 'get'>;
  readonly departments: Pick<Departments, 'get'>;
}

export interface WhoViewedMyDataInput {
  readonly employeeId: string;
  readonly beforeSeq?: number;
  readonly limit?: number;
}

/** One look at my data by someone else. Never their justification: that is theirs, not mine. */
export interface DataView {
  readonly seq: number;
  readonly at: Date;
  /** The viewer's name; a pseudonym once they were anonymised; null for the system. */
  readonly viewer: string | null;
  readonly viewerRole: AccessLogEntry['actorRole'];
  /** The viewer's department now (null for the system, unknown or anonymised viewers). */
  readonly viewerDepartment: string | null;
  readonly action: LogAction;
  readonly fields: readonly string[];
  readonly purpose: string | null;
  readonly outcome: LogOutcome;
}

export const WHO_VIEWED_MAX_LIMIT = 100;

/** "Who has looked at my data?": entries about me by anyone else, newest first, keyset-paged. */
export async function whoViewedMyData(
  deps: WhoViewedMyDataDeps,
  input: WhoViewedMyDataInput,
): Promise<Result<{ views: DataView[]; nextBeforeSeq: number | null }, DomainError>> {
  const limit = input.limit ?? 20;
  if (!Number.isInteger(limit) || limit < 1 || limit > WHO_VIEWED_MAX_LIMIT)
    return err(domainError('INPUT.INVALID', { field: 'limit', max: WHO_VIEWED_MAX_LIMIT }));
  if (!(await deps.employees.get(input.employeeId))) return err(domainError('RECORD.NOT_FOUND', { kind: 'employee' }));

  const page = await deps.log.search({
    subjectId: input.employeeId,
    excludeActorId: input.employeeId,
    beforeSeq: input.beforeSeq,
    limit,
  });
  const viewers = new Map<string, Promise<{ viewer: string; department: string | null }>>();
  const describe = (actorId: string) => {
    let found = viewers.get(actorId);
    if (!found) {
      found = (async () => {
        const person = await deps.employees.get(actorId);
        // A purged viewer is reduced to a pseudonym; so is one we no longer know at all.
        if (!person || person.anonymisedAt !== null) return { viewer: pseudonymFor(actorId), department: null };
        const department = await deps.departments.get(person.departmentId);
        return { viewer: person.name, department: department?.name ?? null };
      })();
      viewers.set(actorId, found);
    }
    return found;
  };

  const views: DataView[] = [];
  for (const e of page.entries) {
    if (e.actorId === input.employeeId) continue; // the port promises this; a fake may not
    const who = e.actorId === null ? { viewer: null, department: null } : await describe(e.actorId);
    views.push({
      seq: e.seq,
      at: e.at,
      viewer: who.viewer,
      viewerRole: e.actorRole,
      viewerDepartment: who.department,
      action: e.action,
      fields: e.fields,
      purpose: e.purpose,
      outcome: e.outcome,
    });
  }
  return ok({ views, nextBeforeSeq: page.nextBeforeSeq });
}
