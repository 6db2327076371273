import { grantedPurposes } from '../../core/consent/consent.js';
import { requiresEmployee, type BotContext, type CommandListener, type Reply } from '../dispatcher/bot-context.js';
import { matcher } from '../dispatcher/matchers.js';

const matches = matcher(
  ['隐私', '我的授权', '我的同意', '隐私设置', '授权管理', 'privacy', 'my consents', 'consents', 'privacy settings'],
  [/^(?:查看|管理|撤回)?(?:我的)?(?:隐私|授权|同意)(?:设置|管理|记录)?$/u, /^(?:show |manage |withdraw )?(?:my )?(?:privacy|consents?)(?: settings)?$/],
);

/** The consents card: each optional purpose with its state and a grant/withdraw button. */
export async function consentsCard(ctx: BotContext): Promise<Reply> {
  const ledger = ctx.uow.consents;
  const notice = ledger ? await ledger.currentNotice() : null;
  const history = ledger ? await ledger.history(ctx.sender!.id) : [];
  const granted = grantedPurposes(history);
  return {
    kind: 'card',
    card: 'consents',
    // `step` changes with every answer, so grant → withdraw → grant again is three presses, not a repeat of the first.
    data: { granted: [...granted].sort().join(','), noticeVersion: notice?.version ?? null, notice: notice ? notice.text[ctx.locale] : null, step: history.length },
  };
}

/** 隐私 / privacy / 我的授权 → my consents, each one press away from withdrawal. */
export const privacyCommand: CommandListener = {
  id: 'privacy',
  guard: requiresEmployee,
  matches,
  handle: async (ctx) => [await consentsCard(ctx)],
};
