import { contactsOf } from '../../core/contact/contact-context.js';
import { isContactReason } from '../../core/contact/contact-request.js';
import { candidateSummary, isEligibleTarget } from '../../core/contact/eligibility.js';
import { requestContact } from '../../core/contact/request-contact.use-case.js';
import { cancelContactRequest } from '../../core/contact/cancel-contact-request.use-case.js';
import { requiresEmployee, text, type BotContext, type CardActionListener, type Reply } from '../dispatcher/bot-context.js';
import { startDraft } from '../commands/contact.command.js';
import { contactDepsFor, contactError, DRAFT_MS, type ContactBotDeps } from '../commands/contact-support.js';

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const expired = (): { replies: Reply[] } => ({ replies: [text('contact.title', { key: 'contact.status.expired_draft' })] });

async function composeDraft(ctx: BotContext) {
  const d = await contactsOf(ctx.uow).drafts.get(ctx.sender!.id, ctx.clock.now());
  return d?.kind === 'compose' ? d : null;
}

/** A candidate chosen (from the pick card, or "file a contact request instead"). */
export const contactPickAction: CardActionListener = {
  actionId: 'contact_pick',
  guard: requiresEmployee,
  async handle(ctx, input) {
    const target = await ctx.uow.employees.get(str(input.params.targetId));
    if (!target || !isEligibleTarget(ctx.sender!, target, ctx.clock.now())) return { replies: [text('contact.title', { key: 'contact.error.not_eligible' })] };
    const departments = new Map((await ctx.uow.departments.all()).map((d) => [d.id, d] as const));
    return { replies: await startDraft(ctx, candidateSummary(target, departments)) };
  },
};

/** A reason chosen: now the message, typed as the next chat message. */
export const contactReasonAction: CardActionListener = {
  actionId: 'contact_reason',
  guard: requiresEmployee,
  async handle(ctx, input) {
    const draft = await composeDraft(ctx);
    const reason = input.params.reason;
    if (!draft) return expired();
    if (!isContactReason(reason)) return { replies: [text('contact.title', { key: 'error.input' })] };
    await contactsOf(ctx.uow).drafts.put({ ...draft, reason, message: null, expiresAt: new Date(ctx.clock.now().getTime() + DRAFT_MS) });
    const target = await ctx.uow.employees.get(draft.targetId);
    return { replies: [text('contact.title', { key: 'contact.ask_message', params: { name: target?.name ?? '' }, refs: { reason: `contact.reason.${reason}` } })] };
  },
};

/** The confirm card's "send": files the request (the policy decides review or relay). */
export function contactSubmitAction(deps: ContactBotDeps): CardActionListener {
  return {
    actionId: 'contact_submit',
    guard: requiresEmployee,
    async handle(ctx) {
      const draft = await composeDraft(ctx);
      if (!draft || !draft.reason || draft.message === null) return expired();
      await contactsOf(ctx.uow).drafts.clear(ctx.sender!.id);
      const target = await ctx.uow.employees.get(draft.targetId);
      const filed = await requestContact(contactDepsFor(ctx, deps), {
        requesterId: ctx.sender!.id,
        targetId: draft.targetId,
        reason: draft.reason,
        message: draft.message,
        channel: 'bot',
        defaultLocale: ctx.settings.defaultLocale,
      });
      const card = {
        kind: 'contact_confirm',
        data: { name: target?.name ?? '', reasonRef: `contact.reason.${draft.reason}`, message: draft.message, done: true, status: filed.ok ? 'contact.status.submitted' : 'card.failed' },
      };
      if (!filed.ok) return { card, replies: [contactError(filed.error)] };
      const name = target?.name ?? '';
      const reply = text(
        'contact.title',
        { key: filed.value.status === 'hr_review' ? 'contact.filed.review' : 'contact.filed.sent', params: { name } },
        ...(draft.reason === 'money_owed' ? [{ key: 'contact.lawful_route' as const }] : []),
      );
      return { card, replies: [reply] };
    },
  };
}

export const contactDiscardAction: CardActionListener = {
  actionId: 'contact_discard',
  guard: requiresEmployee,
  async handle(ctx) {
    await contactsOf(ctx.uow).drafts.clear(ctx.sender!.id);
    return { replies: [text('contact.title', { key: 'contact.status.discarded' })] };
  },
};

/** "Withdraw" on the my-requests card. */
export function contactCancelAction(deps: ContactBotDeps): CardActionListener {
  return {
    actionId: 'contact_cancel',
    guard: requiresEmployee,
    async handle(ctx, input) {
      const r = await cancelContactRequest(contactDepsFor(ctx, deps), { requesterId: ctx.sender!.id, requestId: str(input.params.requestId), channel: 'bot' });
      return { replies: [r.ok ? text('contact.title', { key: 'contact.status.cancelled' }) : contactError(r.error)] };
    },
  };
}
