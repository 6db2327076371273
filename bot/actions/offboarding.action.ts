import { answerOffboardingCard } from '../../core/offboarding/answer-offboarding-card.use-case.js';
import { decideResignation } from '../../core/offboarding/decide-resignation.use-case.js';
import { fileResignation } from '../../core/offboarding/file-resignation.use-case.js';
import { withdrawResignation } from '../../core/offboarding/withdraw-resignation.use-case.js';
import { requiresEmployee, text, type CardActionListener } from '../dispatcher/bot-context.js';
import { offboardingDepsFor, offboardingError, type OffboardingBotDeps } from '../commands/offboarding-support.js';

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** A reason pressed on the resignation card files it; approval cards go to the head and HR. */
export function resignFileAction(deps: OffboardingBotDeps): CardActionListener {
  return {
    actionId: 'resign_file',
    guard: requiresEmployee,
    async handle(ctx, input) {
      const lastDay = str(input.params.lastDay);
      const r = await fileResignation(offboardingDepsFor(ctx, deps), {
        actorId: ctx.sender!.id,
        employeeId: ctx.sender!.id,
        lastDay,
        reasonCategory: str(input.params.reason),
        channel: 'bot',
      });
      if (!r.ok) return { replies: [offboardingError(r.error)] };
      return {
        card: { kind: 'resign_form', data: { lastDay, done: true, status: 'offboarding.status.filed' } },
        replies: [text('offboarding.title', { key: 'offboarding.resign.filed', params: { lastDay: r.value.lastDay } })],
      };
    },
  };
}

/** "Withdraw it" on the withdrawal card: the open resignation is cancelled and HR is told. */
export function resignWithdrawAction(deps: OffboardingBotDeps): CardActionListener {
  return {
    actionId: 'resign_withdraw',
    guard: requiresEmployee,
    async handle(ctx, input) {
      const r = await withdrawResignation(offboardingDepsFor(ctx, deps), { actorId: ctx.sender!.id, caseId: str(input.params.caseId), channel: 'bot' });
      if (!r.ok) return { replies: [offboardingError(r.error)] };
      return {
        card: { kind: 'resign_withdraw', data: { lastDay: r.value.lastDay, done: true, status: 'offboarding.status.withdrawn' } },
        replies: [text('offboarding.title', { key: 'offboarding.withdraw.done' })],
      };
    },
  };
}

/** The department head's or HR's answer on the approval card. */
export function offboardingDecideAction(deps: OffboardingBotDeps): CardActionListener {
  return {
    actionId: 'offboarding_decide',
    guard: requiresEmployee,
    async handle(ctx, input) {
      const as = input.params.as === 'hr' ? 'hr' : 'dept_head';
      const approve = input.params.decision === 'approve';
      const r = await decideResignation(offboardingDepsFor(ctx, deps), { actorId: ctx.sender!.id, caseId: str(input.params.caseId), as, approve, channel: 'bot' });
      if (!r.ok) return { replies: [offboardingError(r.error)] };
      const status = approve ? 'offboarding.status.approved' : 'offboarding.status.rejected';
      return {
        card: { kind: 'resignation_approval', data: { done: true, status } },
        replies: [text('offboarding.title', { key: approve ? 'offboarding.decide.approved' : 'offboarding.decide.rejected' })],
      };
    },
  };
}

/**
 * The departing employee's answers on the offboarding card. "Email" means the personal email
 * already on their record: it is copied inside the vault and never shown in chat.
 */
export function offboardingAnswerAction(deps: OffboardingBotDeps): CardActionListener {
  return {
    actionId: 'offboarding_answer',
    guard: requiresEmployee,
    async handle(ctx, input) {
      const channel = input.params.channel === 'email' ? 'email' : 'none';
      let email: string | null = null;
      if (channel === 'email') {
        const read = (await ctx.uow.vault.read(ctx.sender!.id, ['personal_email'])).get('personal_email');
        email = read?.state === 'value' && typeof read.value === 'string' ? read.value : null;
        if (!email) return { replies: [text('offboarding.title', { key: 'offboarding.card.no_email' })] };
      }
      const r = await answerOffboardingCard(offboardingDepsFor(ctx, deps), {
        actorId: ctx.sender!.id,
        caseId: str(input.params.caseId),
        handoverConfirmed: true,
        channel,
        email,
        relayOptIn: channel === 'email' && input.params.relay === 'yes',
        noticeVersion: Number(str(input.params.noticeVersion)) || 0,
        via: 'bot',
      });
      if (!r.ok) return { replies: [offboardingError(r.error)] };
      return {
        card: { kind: 'offboarding', data: { done: true, status: 'offboarding.status.answered' } },
        replies: [text('offboarding.title', { key: channel === 'email' ? 'offboarding.card.answered_email' : 'offboarding.card.answered_none' })],
      };
    },
  };
}
