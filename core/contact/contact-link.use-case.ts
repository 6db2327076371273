import type { Locale } from '../messaging/notification.js';
import { domainError, type DomainError } from '../shared/domain-error.js';
import { err, ok, type Result } from '../shared/result.js';
import type { UnitOfWork } from '../shared/unit-of-work.port.js';
import { contactLog, contactsOf, type ContactDeps } from './contact-context.js';
import type { LinkState } from './contact-links.js';
import type { ContactReason, ContactRequest } from './contact-request.js';
import type { LinkPurpose } from './contact-store.port.js';

/** Why a link opens nothing; the page explains each in plain words. */
export type LinkRefusal = 'tampered' | 'mismatch' | 'used' | 'expired' | 'closed';

export interface OpenedLink {
  readonly request: ContactRequest;
  readonly nonceHash: string;
  readonly locale: Locale;
}

/**
 * Checks a link inside the caller's transaction. Tampering is a security event (logged); the
 * other refusals are logged as contact-request denials. Nothing else changes.
 */
export async function openLink(
  deps: Pick<ContactDeps, 'clock' | 'links'>,
  uow: UnitOfWork,
  token: string,
  purpose: LinkPurpose,
): Promise<Result<OpenedLink, DomainError>> {
  const now = deps.clock.now();
  const store = contactsOf(uow);
  const state: LinkState = await deps.links.check(store.links, token, purpose, now);
  const refuse = async (why: LinkRefusal, requestId: string | null, subjectId: string | null) => {
    await contactLog(uow, {
      at: now,
      channel: 'api',
      actor: null,
      actorRole: 'former_employee',
      subjectId,
      requestId,
      action: why === 'tampered' ? 'security' : 'contact_request',
      outcome: 'denied',
      reasonCode: `CONTACT_LINK_${why.toUpperCase()}`,
    });
    return err(domainError('CONTACT.LINK_INVALID', { reason: why }));
  };
  if (state.state === 'tampered') return refuse('tampered', null, null);
  const request = await store.requests.get(state.payload.requestId);
  if (state.state === 'mismatch' || !request) return refuse('mismatch', state.payload.requestId, request?.targetId ?? null);
  if (state.state !== 'valid') return refuse(state.state, request.id, request.targetId);
  if (purpose === 'answer' && request.status !== 'awaiting_consent') return refuse('closed', request.id, request.targetId);
  return ok({ request, nonceHash: state.record.nonceHash, locale: state.payload.locale });
}

export interface AnswerPageView {
  readonly locale: Locale;
  readonly targetName: string;
  readonly requesterName: string;
  readonly requesterDepartment: string | null;
  readonly reason: ContactReason;
  readonly message: string;
  readonly expiresAt: Date;
}

/** What the answer page shows: who asks, why, and their message — nothing else. */
export async function viewContactLink(
  deps: Pick<ContactDeps, 'tx' | 'clock' | 'links'>,
  input: { readonly token: string },
): Promise<Result<AnswerPageView, DomainError>> {
  return deps.tx.run(async (uow) => {
    const opened = await openLink(deps, uow, input.token, 'answer');
    if (!opened.ok) return opened;
    const r = opened.value.request;
    const requester = await uow.employees.get(r.requesterId);
    const target = await uow.employees.get(r.targetId);
    const dept = requester ? await uow.departments.get(requester.departmentId) : null;
    return ok({
      locale: opened.value.locale,
      targetName: target?.name ?? '',
      requesterName: requester?.name ?? '',
      requesterDepartment: dept?.name ?? null,
      reason: r.reason,
      message: r.message,
      expiresAt: r.expiresAt ?? deps.clock.now(),
    });
  });
}

/** The settings page only needs to know the link is good; it shows no stored value. */
export async function checkSettingsLink(
  deps: Pick<ContactDeps, 'tx' | 'clock' | 'links'>,
  input: { readonly token: string },
): Promise<Result<{ readonly locale: Locale; readonly targetName: string }, DomainError>> {
  return deps.tx.run(async (uow) => {
    const opened = await openLink(deps, uow, input.token, 'settings');
    if (!opened.ok) return opened;
    const target = await uow.employees.get(opened.value.request.targetId);
    return ok({ locale: opened.value.locale, targetName: target?.name ?? '' });
  });
}
