import { refuseDataAsk } from '../../core/contact/refuse-data-ask.use-case.js';
import { requiresEmployee, text, type CommandListener, type Reply, type TextPart } from '../dispatcher/bot-context.js';
import { normalise } from '../dispatcher/matchers.js';
import { contactDepsFor, type ContactBotDeps } from './contact-support.js';

/** Words that name a kind of personal data, and the catalog field they ask for. */
const FIELD_WORDS: readonly (readonly [RegExp, string])[] = [
  [/(父母|爸妈|爸爸|妈妈|家人|家里|亲属|紧急联系人|parents?|family|mother|father|mom|dad|emergency contact)/u, 'emergency_contacts'],
  [/(身份证|id number|id card)/u, 'id_number'],
  [/(住址|地址|住哪|家在哪|address|where (he|she|they) lives?)/u, 'home_address'],
  [/(邮箱|email|e-mail)/u, 'personal_email'],
  [/(手机|电话|号码|联系方式|微信|phone|number|mobile|contact details)/u, 'personal_phone'],
];

const ZH_ASK =
  /(?:给我|告诉我|发我|发给我|提供|查一下|查查|我要|我想要|能不能给|可以给)(?:一下)?([\p{Script=Han}A-Za-z·]{1,8}?)(?:的|父母|爸妈|爸爸|妈妈|家人|家里|亲属|紧急|手机|电话|号码|住址|地址|身份证|邮箱|联系方式|微信)/u;
const EN_ASK = /\b(?:give|send|tell|get|find|show)(?: me)? ([\p{L} ·.-]{1,40}?)['’]s? (?:parents|family|mother|father|mom|dad|emergency|personal|private|home|phone|number|mobile|address|email|id)/u;

/** The person and fields in "给我张三父母的电话，他欠我钱" / "give me Zhang's parents' phone number"; null if not such an ask. */
export function parseDataAsk(raw: string): { readonly name: string; readonly fields: readonly string[] } | null {
  const t = normalise(raw);
  const m = ZH_ASK.exec(t) ?? EN_ASK.exec(t);
  if (!m?.[1]) return null;
  // The fields are read from what follows the name: "张三父母的电话" asks for the parents' phones.
  const rest = t.slice(t.indexOf(m[1], m.index) + m[1].length);
  const first = FIELD_WORDS.find(([re]) => re.test(rest));
  if (!first) return null;
  const name = m[1].replace(/^(the|my|our)\s+/u, '').trim();
  return name ? { name, fields: [first[1]] } : null;
}

/**
 * A direct ask for someone's personal data: decided by the access policy (and so logged) as a
 * personal matter, refused politely with the reason, with the contact request offered instead
 * and — for money owed — the lawful route. Never a value.
 */
export function dataAskCommand(deps: ContactBotDeps): CommandListener {
  return {
    id: 'contact-data-ask',
    guard: requiresEmployee,
    matches: (t) => parseDataAsk(t) !== null,
    async handle(ctx, input) {
      const ask = parseDataAsk(input.text)!;
      const refusal = await refuseDataAsk(contactDepsFor(ctx, deps), {
        actorId: ctx.sender!.id,
        name: ask.name,
        fields: ask.fields,
        text: input.text,
        channel: 'bot',
      });
      const name = refusal.candidate?.name ?? ask.name;
      const why = ask.fields.includes('emergency_contacts') ? 'contact.data_ask.why.emergency' : 'contact.data_ask.why.other';
      const parts: TextPart[] = [{ key: 'contact.data_ask.body', params: { name }, refs: { why } }];
      if (refusal.debt) parts.push({ key: 'contact.lawful_route' });
      if (!refusal.candidate) parts.push({ key: 'contact.data_ask.offer_generic' });
      const replies: Reply[] = [text('contact.data_ask.title', ...parts)];
      if (refusal.candidate) replies.push({ kind: 'card', card: 'contact_offer', data: { name, targetId: refusal.candidate.id } });
      return replies;
    },
  };
}
