import type { Employee } from '../records/employee.js';
import type { FieldCatalog } from '../records/field-catalog.js';
import type { Recipient } from '../messaging/notification.js';
import type { Role } from '../records/roles.js';
import type { IdGenerator } from '../shared/ids.port.js';
import { DAY_MS } from '../shared/clock.port.js';
import type { UnitOfWork } from '../shared/unit-of-work.port.js';
import type { AccessGrant, ReviewTask } from './access.ports.js';
import { entry, staffWithRole, type LogBase } from './access-context.js';
import { isInOrganisation } from './relationship.js';

export interface BreakGlassOpening {
  readonly actor: Employee;
  readonly subject: Employee;
  readonly fields: readonly string[];
  readonly purpose: string;
  readonly justification: string;
  readonly expiresAt: Date;
  readonly catalog: FieldCatalog;
  readonly actorRole: Role | null;
}

/** The subject is told afterwards, through the channel they have (former staff: the one they chose). */
function subjectRecipient(subject: Employee): Recipient | null {
  if (isInOrganisation(subject)) return { kind: 'employee', employeeId: subject.id };
  if (subject.separation.postDepartureChannel === 'email') return { kind: 'former_employee_mail', employeeId: subject.id };
  return null;
}

/**
 * Break-the-glass bookkeeping, in the reveal's transaction: a grant for this one subject, a
 * review task, the start event, notices to the subject and to HR, and an alert when the actor
 * has broken the glass more than the catalog's threshold within 24 hours.
 */
export async function openBreakGlass(uow: UnitOfWork, ids: IdGenerator, log: LogBase, o: BreakGlassOpening): Promise<AccessGrant> {
  const now = log.at;
  const grant: AccessGrant = {
    id: ids.next(),
    actorId: o.actor.id,
    subjectId: o.subject.id,
    fields: [...o.fields],
    purpose: o.purpose,
    createdAt: now,
    expiresAt: o.expiresAt,
  };
  await uow.grants.saveGrant(grant);
  const review: ReviewTask = {
    id: ids.next(),
    grantId: grant.id,
    actorId: o.actor.id,
    subjectId: o.subject.id,
    createdAt: now,
    status: 'open',
    reviewedBy: null,
    outcome: null,
  };
  await uow.grants.saveReview(review);
  const who = { actorId: o.actor.id, actorRole: o.actorRole, subjectId: o.subject.id };
  await uow.accessLog.append(
    entry(log, { ...who, action: 'break_glass.start', fields: o.fields, purpose: o.purpose, justification: o.justification, outcome: 'allowed', reasonCode: 'ALLOWED_BREAK_GLASS' }),
  );

  const fields = o.fields.join(',');
  const recipient = subjectRecipient(o.subject);
  if (recipient) {
    await uow.outbox.enqueue({
      recipient,
      template: 'access.break_glass_notice',
      params: { actorRole: o.actorRole, fields, purpose: o.purpose, at: now.toISOString() },
      dedupeKey: `break-glass-notice:${grant.id}`,
    });
  }
  const hrAdmins = (await staffWithRole(uow.employees, 'hr_admin')).filter((e) => e.id !== o.actor.id);
  for (const hr of hrAdmins) {
    await uow.outbox.enqueue({
      recipient: { kind: 'employee', employeeId: hr.id },
      template: 'access.break_glass_review',
      params: { grantId: grant.id, reviewId: review.id, actorId: o.actor.id, subjectId: o.subject.id, fields, purpose: o.purpose },
      dedupeKey: `break-glass-review:${grant.id}:${hr.id}`,
    });
  }

  const uses = await uow.grants.countBreakGlassSince(o.actor.id, new Date(now.getTime() - DAY_MS));
  const threshold = o.catalog.breakGlassDailyAlertThreshold;
  if (uses > threshold) {
    // The actor is the one being watched: the alert goes to the other HR admins and the auditors.
    const watchers = [...hrAdmins, ...(await staffWithRole(uow.employees, 'auditor')).filter((e) => e.id !== o.actor.id)];
    for (const w of new Map(watchers.map((e) => [e.id, e])).values()) {
      await uow.outbox.enqueue({
        recipient: { kind: 'employee', employeeId: w.id },
        template: 'access.break_glass_alert',
        params: { actorId: o.actor.id, uses, threshold, windowHours: 24 },
        dedupeKey: `break-glass-alert:${grant.id}:${w.id}`,
      });
    }
    await uow.accessLog.append(entry(log, { ...who, action: 'security', fields: o.fields, purpose: o.purpose, outcome: 'recorded', reasonCode: 'BREAK_GLASS_ALERT' }));
  }
  return grant;
}
