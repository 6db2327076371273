import type { Channel } from '../audit/access-log-entry.js';
import { entry, refusal, type LogBase } from '../access/access-context.js';
import { isInOrganisation } from '../access/relationship.js';
import { hasRole } from '../records/employee.js';
import type { LocalizedText } from '../records/field-catalog.js';
import type { Clock } from '../shared/clock.port.js';
import { domainError, type DomainError } from '../shared/domain-error.js';
import { err, ok, type Result } from '../shared/result.js';
import { required, type Transactor } from '../shared/unit-of-work.port.js';
import { invalidNoticeText } from './consent-prompt.js';
import type { PrivacyNotice } from './consent.js';

export interface PublishNoticeDeps {
  readonly tx: Transactor;
  readonly clock: Clock;
}

export interface PublishNoticeInput {
  readonly actorId: string;
  readonly text: LocalizedText;
  /** The version the editor started from (0: none yet); a newer one makes this publication stale. */
  readonly baseVersion: number;
  readonly channel: Channel;
  readonly correlationId?: string | null;
}

/**
 * An HR admin publishes a new version of the privacy notice. Older versions stay as they were
 * (answers point at them). Publishing opens a rollout: everybody in the organisation who has
 * not answered the new version is asked, in batches, by the prompt job (not in this
 * transaction, which would hold the database for the whole company). Every attempt is logged.
 */
export async function publishNotice(deps: PublishNoticeDeps, input: PublishNoticeInput): Promise<Result<PrivacyNotice, DomainError>> {
  const bad = invalidNoticeText(input.text);
  if (bad) return err(domainError('INPUT.INVALID', { field: `text.${bad}` }));
  return deps.tx.run(async (uow) => {
    const ledger = required(uow.consents, 'consents');
    const now = deps.clock.now();
    const log: LogBase = { at: now, channel: input.channel, correlationId: input.correlationId ?? null };
    const actor = await uow.employees.get(input.actorId);
    const isHr = actor !== null && isInOrganisation(actor) && hasRole(actor, 'hr_admin');
    const record = (outcome: 'allowed' | 'denied', reasonCode: string, version: number | null) =>
      uow.accessLog.append(
        entry(log, {
          actorId: input.actorId,
          actorRole: isHr ? 'hr_admin' : null,
          subjectId: null,
          action: 'consent',
          outcome,
          reasonCode,
          justification: version === null ? null : `privacy notice version ${version}`,
        }),
      );
    if (!isHr) {
      await record('denied', 'NOT_HR_ADMIN', null);
      return err(refusal('NOT_HR_ADMIN'));
    }
    const current = await ledger.currentNotice();
    const currentVersion = current?.version ?? 0;
    if (input.baseVersion !== currentVersion) return err(domainError('RECORD.CONFLICT', { reason: 'NOTICE_STALE', currentVersion }));
    const text = { 'zh-CN': input.text['zh-CN'].trim(), en: input.text.en.trim() };
    const published = await ledger.publishNoticeVersion(currentVersion + 1, text, actor.id, now);
    if (!published) return err(domainError('RECORD.CONFLICT', { reason: 'NOTICE_STALE', currentVersion: currentVersion + 1 }));
    await ledger.startRollout(published.version, now);
    await record('allowed', 'NOTICE_PUBLISHED', published.version);
    return ok(published);
  });
}
