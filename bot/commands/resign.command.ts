import { isIsoDate, localDate } from '../../core/offboarding/offboarding-support.js';
import { DAY_MS } from '../../core/shared/clock.port.js';
import { requiresEmployee, text, type CommandListener } from '../dispatcher/bot-context.js';
import { normalise } from '../dispatcher/matchers.js';

const ASKS: readonly RegExp[] = [
  /^(?:我)?(?:想|要|准备|打算|申请)(?:要)?(?:辞职|离职)(?:了)?/u,
  /^(?:离职|辞职)申请/u,
  /^i(?:'d| would)? (?:want|like|need|wish|plan) to (?:resign|quit|leave the company)/,
  /^(?:resign|resignation)\b/,
];

/** The notice an employee gives (Labour Contract Law art. 37): the default last day is 30 days out. */
export const NOTICE_DAYS = 30;

/** "我要离职 2026-12-31" / "I want to resign, last day 2026-12-31": the date if one is given. */
export function parseResign(raw: string): { readonly lastDay: string | null } | null {
  const t = normalise(raw);
  if (!ASKS.some((re) => re.test(t))) return null;
  const date = /(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})/u.exec(t);
  if (!date) return { lastDay: null };
  const iso = `${date[1]}-${date[2]!.padStart(2, '0')}-${date[3]!.padStart(2, '0')}`;
  return { lastDay: isIsoDate(iso) ? iso : null };
}

/** 我要离职 → the resignation card (last day + reason category); pressing a reason files it. */
export const resignCommand: CommandListener = {
  id: 'resign',
  guard: requiresEmployee,
  matches: (t) => parseResign(t) !== null,
  async handle(ctx, input) {
    if (ctx.sender!.status !== 'active') return [text('offboarding.title', { key: 'offboarding.resign.already' })];
    const open = ctx.uow.offboarding ? await ctx.uow.offboarding.openFor(ctx.sender!.id) : null;
    if (open) return [text('offboarding.title', { key: 'offboarding.resign.already' })];
    const today = localDate(ctx.clock.now(), ctx.settings.timezone);
    const asked = parseResign(input.text)!.lastDay;
    const lastDay = asked && asked >= today ? asked : localDate(new Date(ctx.clock.now().getTime() + NOTICE_DAYS * DAY_MS), ctx.settings.timezone);
    return [{ kind: 'card', card: 'resign_form', data: { lastDay } }];
  },
};
