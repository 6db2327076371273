import type { Channel } from '../audit/access-log-entry.js';
import { validateCatalog, type CatalogDraft, type CatalogIssue } from '../records/catalog-validation.js';
import { hasRole } from '../records/employee.js';
import type { FieldCatalog } from '../records/field-catalog.js';
import type { Clock } from '../shared/clock.port.js';
import { domainError, type DomainError } from '../shared/domain-error.js';
import { err, ok, type Result } from '../shared/result.js';
import type { Transactor } from '../shared/unit-of-work.port.js';
import { entry, refusal, type LogBase } from './access-context.js';
import { isInOrganisation } from './relationship.js';

export interface EditCatalogDeps {
  readonly tx: Transactor;
  readonly clock: Clock;
}

export interface EditCatalogInput {
  readonly actorId: string;
  readonly catalog: CatalogDraft;
  /** The version the editor started from; a newer published version makes this edit stale. */
  readonly baseVersion: number;
  readonly allowThirdPartyChange?: boolean;
  readonly channel: Channel;
  readonly correlationId?: string | null;
}

const MAX_ISSUES_IN_ERROR = 20;

/** Keys of fields added, removed or changed between two catalogs (what the log entry names). */
function changedFields(before: FieldCatalog, after: CatalogDraft): string[] {
  const old = new Map(before.fields.map((f) => [f.key, JSON.stringify(f)]));
  const now = new Map(after.fields.map((f) => [f.key, JSON.stringify(f)]));
  return [...new Set([...old.keys(), ...now.keys()])].filter((k) => old.get(k) !== now.get(k)).sort();
}

/** HR admins publish a new catalog version after validation; every attempt is logged. */
export async function editCatalog(
  deps: EditCatalogDeps,
  input: EditCatalogInput,
): Promise<Result<{ catalog: FieldCatalog; issues: readonly CatalogIssue[] }, DomainError>> {
  return deps.tx.run(async (uow) => {
    const now = deps.clock.now();
    const log: LogBase = { at: now, channel: input.channel, correlationId: input.correlationId ?? null };
    const actor = await uow.employees.get(input.actorId);
    const isHr = actor !== null && isInOrganisation(actor) && hasRole(actor, 'hr_admin');
    const current = await uow.catalog.current();
    const fields = changedFields(current, input.catalog);
    const record = (outcome: 'allowed' | 'denied', reasonCode: string) =>
      uow.accessLog.append(
        entry(log, { actorId: input.actorId, actorRole: isHr ? 'hr_admin' : null, subjectId: null, action: 'catalog.edit', fields, outcome, reasonCode }),
      );
    if (!isHr) {
      await record('denied', 'NOT_HR_ADMIN');
      return err(refusal('NOT_HR_ADMIN'));
    }
    if (input.baseVersion !== current.version) {
      return err(domainError('RECORD.CONFLICT', { reason: 'CATALOG_STALE', currentVersion: current.version }));
    }
    const issues = validateCatalog(input.catalog, { allowThirdPartyChange: input.allowThirdPartyChange === true });
    if (issues.length) {
      await record('denied', 'CATALOG_INVALID');
      const listed = issues.slice(0, MAX_ISSUES_IN_ERROR).map((i) => `${i.path}:${i.code}`);
      return err(domainError('RECORD.INVALID', { reason: 'CATALOG_INVALID', issues: listed.join(';'), count: issues.length }));
    }
    const published = await uow.catalog.publish({ ...input.catalog, updatedBy: input.actorId, updatedAt: now.toISOString() }, input.actorId, now);
    await record('allowed', 'ALLOWED');
    return ok({ catalog: published, issues: [] });
  });
}
