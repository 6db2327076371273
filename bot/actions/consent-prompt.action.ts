import { promptCardData, promptVersionOf } from '../../core/consent/consent-prompt.js';
import { recordConsent } from '../../core/consent/record-consent.use-case.js';
import { withinTransaction } from '../../core/contact/contact-context.js';
import { requiresEmployee, text, type CardActionListener } from '../dispatcher/bot-context.js';
import { offboardingError, type OffboardingBotDeps } from '../commands/offboarding-support.js';

/**
 * A grant or decline pressed on the consent prompt, recorded against the card's notice version
 * (channel 'bot'), effective for the very next decision. A card whose notice was replaced by a
 * newer version records nothing: the person is told politely and the old card is retired, since
 * an answer must be to the notice the person is actually shown.
 */
export function consentAnswerAction(deps: OffboardingBotDeps): CardActionListener {
  return {
    actionId: 'consent_answer',
    guard: requiresEmployee,
    async handle(ctx, input) {
      const ledger = ctx.uow.consents;
      const notice = ledger ? await ledger.currentNotice() : null;
      // The card says which version it showed; only the person it was sent to can answer it.
      const shown = promptVersionOf(input.outTrackId, ctx.sender!.id);
      if (!notice || shown === null) return { replies: [text('consent.prompt.title', { key: 'error.consent' })] };
      if (shown !== notice.version)
        return {
          card: { kind: 'consent_prompt', data: { noticeVersion: shown, supersededBy: notice.version } },
          replies: [text('consent.prompt.title', { key: 'consent.prompt.stale', params: { current: notice.version } })],
        };
      const granted = input.params.granted === 'yes';
      const r = await recordConsent(
        { tx: withinTransaction(ctx.uow), clock: ctx.clock, ids: deps.ids },
        { employeeId: ctx.sender!.id, answers: [{ purpose: typeof input.params.purpose === 'string' ? input.params.purpose : '', granted }], noticeVersion: shown, channel: 'bot' },
      );
      if (!r.ok) return { replies: [offboardingError(r.error, 'consent.prompt.title')] };
      return {
        card: { kind: 'consent_prompt', data: promptCardData(notice, await ledger!.history(ctx.sender!.id)) },
        replies: [text('consent.prompt.title', { key: granted ? 'consent.granted' : 'consent.declined' })],
      };
    },
  };
}
