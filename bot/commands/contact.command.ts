import { findFormerColleagues } from '../../core/contact/find-former-colleagues.use-case.js';
import type { CandidateSummary } from '../../core/contact/eligibility.js';
import { requiresEmployee, text, type BotContext, type CommandListener, type Reply } from '../dispatcher/bot-context.js';
import { normalise } from '../dispatcher/matchers.js';
import { contactDepsFor, contactError, DRAFT_MS, type ContactBotDeps } from './contact-support.js';
import { contactsOf } from '../../core/contact/contact-context.js';

const NAME = String.raw`([\p{L}·.' -]{1,40}?)`;
const ASKS: readonly RegExp[] = [
  new RegExp(String.raw`^(?:我)?(?:想|要|希望|需要)?(?:联系|找)(?:一下)?(?:已经|已)?离职(?:了)?的(?:前)?(?:同事)?${NAME}$`, 'u'),
  new RegExp(String.raw`^(?:我)?(?:想|要|希望|需要)?(?:联系|找)(?:一下)?(?:我的)?前同事${NAME}?$`, 'u'),
  new RegExp(String.raw`^(?:我)?(?:想|要|希望|需要)?(?:联系|找)(?:一下)?${NAME}[,，]?(?:他|她|ta)?(?:已经|已)离职(?:了)?$`, 'u'),
  new RegExp(String.raw`^(?:i )?(?:need|want|would like|'d like|wish)? ?to (?:reach|contact|get in touch with) ${NAME},? who (?:has )?(?:left|quit)(?: the company)?$`, 'u'),
  new RegExp(String.raw`^(?:i )?(?:need|want|would like|'d like)? ?(?:to )?(?:reach|contact|get in touch with) (?:a |my )?(?:former|ex-?) ?colleague(?: ${NAME})?$`, 'u'),
];

/** The name in "我想联系已离职的张三" / "I need to reach Zhang San who left"; '' when none was given. */
export function parseContactAsk(raw: string): { readonly name: string } | null {
  const t = normalise(raw);
  for (const re of ASKS) {
    const m = re.exec(t);
    if (m) return { name: (m[1] ?? '').trim() };
  }
  return null;
}

export const summaryData = (c: CandidateSummary) => ({ name: c.name, department: c.department, month: c.departedMonth });

/** Starts composing a request to one former colleague: the draft, then the reason card. */
export async function startDraft(ctx: BotContext, c: CandidateSummary): Promise<readonly Reply[]> {
  await contactsOf(ctx.uow).drafts.put({
    kind: 'compose',
    ownerId: ctx.sender!.id,
    targetId: c.id,
    reason: null,
    message: null,
    expiresAt: new Date(ctx.clock.now().getTime() + DRAFT_MS),
  });
  return [{ kind: 'card', card: 'contact_reason', data: summaryData(c) }];
}

/** "Contact a former colleague": identify them without disclosing anything, then ask why. */
export function contactCommand(deps: ContactBotDeps): CommandListener {
  return {
    id: 'contact-former-colleague',
    guard: requiresEmployee,
    matches: (t) => parseContactAsk(t) !== null,
    async handle(ctx, input) {
      const { name } = parseContactAsk(input.text)!;
      if (!name) return [text('contact.title', { key: 'contact.ask_name' })];
      const found = await findFormerColleagues(contactDepsFor(ctx, deps), { requesterId: ctx.sender!.id, name, channel: 'bot' });
      if (!found.ok) return [contactError(found.error)];
      const [only] = found.value;
      if (found.value.length === 0 || !only) return [text('contact.title', { key: 'contact.none_found', params: { name } })];
      if (found.value.length === 1) return startDraft(ctx, only);
      return [
        {
          kind: 'card',
          card: 'contact_pick',
          data: { name, candidates: JSON.stringify(found.value.map((c) => ({ id: c.id, ...summaryData(c) }))) },
        },
      ];
    },
  };
}
