import { requiresEmployee, text, type CommandListener } from '../dispatcher/bot-context.js';
import { matcher } from '../dispatcher/matchers.js';

const matches = matcher(
  ['撤回离职', '撤销离职', '取消离职', '撤回离职申请', '撤销离职申请', '取消离职申请', '我不想离职了', '不离职了', 'withdraw my resignation', 'cancel my resignation'],
  [
    /^(?:我)?(?:想|要)?(?:撤回|撤销|取消)(?:我的)?(?:离职|辞职)(?:申请)?/u,
    /^(?:i(?:'d| would)? (?:want|like|need) to )?(?:withdraw|cancel|take back|retract) my resignation/,
    /^i (?:don't|do not|no longer) want to (?:resign|quit|leave)/,
  ],
);

/** 撤回离职 → a card naming the open resignation and its last day, with one button to withdraw it. */
export const withdrawResignationCommand: CommandListener = {
  id: 'withdraw-resignation',
  guard: requiresEmployee,
  matches,
  async handle(ctx) {
    const open = ctx.uow.offboarding ? await ctx.uow.offboarding.openFor(ctx.sender!.id) : null;
    if (!open) return [text('offboarding.title', { key: 'offboarding.withdraw.none' })];
    return [{ kind: 'card', card: 'resign_withdraw', data: { caseId: open.id, lastDay: open.lastDay } }];
  },
};
