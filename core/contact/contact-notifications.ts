import type { Department } from '../records/department.js';
import type { Employee } from '../records/employee.js';
import type { OutboundNotification } from '../messaging/notification.js';
import type { ContactRequest, ContactStatus } from './contact-request.js';
import { NEUTRAL_ENDINGS } from './contact-request.js';
import type { IssuedLinks } from './contact-links.js';

/**
 * Notifications as template keys and parameters. A parameter named `…Ref` holds a message key
 * the bot renders in the recipient's language (e.g. `reasonRef` → `reason`).
 */
export const CONTACT_TEMPLATES = {
  mail: 'contact.mail.request',
  granted: 'contact.outcome.granted',
  replied: 'contact.outcome.replied',
  /** One template for declined, blocked, expired and undeliverable: byte-identical by construction. */
  neutral: 'contact.outcome.neutral',
  cancelled: 'contact.outcome.cancelled',
  review: 'contact.review',
} as const;

export const reasonRef = (r: ContactRequest) => `contact.reason.${r.reason}`;

/** The mail to the former employee, through the channel they chose (address resolved at delivery). */
export function targetMail(r: ContactRequest, requester: Employee, dept: Department | null, links: IssuedLinks, validityDays: number): OutboundNotification {
  return {
    recipient: { kind: 'former_employee_mail', employeeId: r.targetId },
    template: CONTACT_TEMPLATES.mail,
    params: {
      requesterName: requester.name,
      requesterDepartment: dept?.name ?? null,
      reasonRef: reasonRef(r),
      message: r.message,
      answerUrl: links.answerUrl,
      settingsUrl: links.settingsUrl,
      days: validityDays,
    },
    dedupeKey: `contact:${r.id}:mail`,
    locale: r.locale,
  };
}

/** What the requester hears when the request ends; nothing of the target's but what they chose. */
export function requesterOutcome(r: ContactRequest, target: Pick<Employee, 'name'>): OutboundNotification | null {
  const base = { recipient: { kind: 'employee', employeeId: r.requesterId } as const, dedupeKey: `contact:${r.id}:outcome` };
  const status: ContactStatus = r.status;
  if (status === 'granted' && r.answer?.kind === 'share')
    return {
      ...base,
      template: CONTACT_TEMPLATES.granted,
      params: { targetName: target.name, channelRef: `contact.channel.${r.answer.channel}`, value: r.answer.value },
    };
  if (status === 'replied' && r.answer?.kind === 'reply')
    return { ...base, template: CONTACT_TEMPLATES.replied, params: { targetName: target.name, message: r.answer.message } };
  if (NEUTRAL_ENDINGS.includes(status)) return { ...base, template: CONTACT_TEMPLATES.neutral, params: { targetName: target.name } };
  if (status === 'cancelled' && r.hrNote !== null)
    return { ...base, template: CONTACT_TEMPLATES.cancelled, params: { targetName: target.name, note: r.hrNote } };
  return null;
}

/** An approval card to one HR admin for a request waiting in hr_review. */
export function reviewCard(r: ContactRequest, hr: Employee, requester: Employee, dept: Department | null, target: Employee): OutboundNotification {
  return {
    recipient: { kind: 'employee', employeeId: hr.id },
    template: CONTACT_TEMPLATES.review,
    params: {},
    dedupeKey: `contact:${r.id}:review:${hr.id}`,
    card: {
      kind: 'contact_review',
      outTrackId: `contact-review-${r.id}-${hr.id}`.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 100),
      data: {
        requestId: r.id,
        requesterName: requester.name,
        requesterDepartment: dept?.name ?? null,
        targetName: target.name,
        reasonRef: reasonRef(r),
        message: r.message,
        status: null,
      },
    },
  };
}
