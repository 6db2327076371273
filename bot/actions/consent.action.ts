import { recordConsent } from '../../core/consent/record-consent.use-case.js';
import { withinTransaction } from '../../core/contact/contact-context.js';
import { requiresEmployee, text, type CardActionListener } from '../dispatcher/bot-context.js';
import { consentsCard } from '../commands/privacy.command.js';
import { offboardingError, type OffboardingBotDeps } from '../commands/offboarding-support.js';

/** Grant or withdraw one purpose from the consents card; effective for the very next decision. */
export function consentSetAction(deps: OffboardingBotDeps): CardActionListener {
  return {
    actionId: 'consent_set',
    guard: requiresEmployee,
    async handle(ctx, input) {
      const notice = ctx.uow.consents ? await ctx.uow.consents.currentNotice() : null;
      const granted = input.params.granted === 'yes';
      const r = await recordConsent(
        { tx: withinTransaction(ctx.uow), clock: ctx.clock, ids: deps.ids },
        { employeeId: ctx.sender!.id, answers: [{ purpose: typeof input.params.purpose === 'string' ? input.params.purpose : '', granted }], noticeVersion: notice?.version ?? 0, channel: 'bot' },
      );
      if (!r.ok) return { replies: [offboardingError(r.error, 'consent.title')] };
      const card = await consentsCard(ctx);
      return {
        card: card.kind === 'card' ? { kind: 'consents', data: card.data } : undefined,
        replies: [text('consent.title', { key: granted ? 'consent.granted' : 'consent.withdrawn' })],
      };
    },
  };
}
