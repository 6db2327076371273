import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { botListeners } from '../../bot/commands/index.js';
import { Dispatcher } from '../../bot/dispatcher/dispatcher.js';
import type { BotContext, BotSettings, CardActionResult, Reply } from '../../bot/dispatcher/bot-context.js';
import { renderText } from '../../bot/dispatcher/reply-renderer.js';
import { renderCard as renderAny } from '../../bot/cards/card-renderer.js';
import type { Params } from '../../bot/i18n/translator.js';

const renderCard = (kind: string, data: Params, locale: Locale) => renderAny(kind, data, locale) as { title: string; markdown: string; buttons: string };
import type { Employee } from '../../core/records/employee.js';
import type { Locale } from '../../core/messaging/notification.js';
import { SequentialIds } from '../../core/shared/ids.port.js';
import { offboardingDb, type OffboardingDb } from '../offboarding/offboarding-db.js';

const settings: BotSettings = { miniappUrl: 'https://hr.example/app/', timezone: 'Asia/Shanghai', defaultLocale: 'zh-CN' };
const dispatcher = new Dispatcher(botListeners({ offboarding: { ids: new SequentialIds('b') } }));

describe('resignation and privacy in chat (real SQLite)', () => {
  let h: OffboardingDb;
  beforeAll(async () => {
    h = await offboardingDb('sqlite', new Date('2026-05-01T02:00:00Z'));
    await h.transactor.run((uow) => uow.consents!.publishNotice({ 'zh-CN': '隐私声明 v1', en: 'Privacy notice v1' }, 'e-hr', h.clock.now()));
  });
  afterAll(async () => h?.close());

  const ctxFor = (uow: BotContext['uow'], who: Employee, locale: Locale): BotContext => ({ uow, sender: who, senderUserId: who.id, locale, clock: h.clock, settings });
  const fresh = (who: Employee) => h.transactor.run(async (u) => (await u.employees.get(who.id))!);
  const say = async (who: Employee, text: string, locale: Locale = 'zh-CN') => {
    const sender = await fresh(who);
    return h.transactor.run((uow) => dispatcher.onText(ctxFor(uow, sender, locale), text));
  };
  const press = async (who: Employee, actionId: string, params: Record<string, string>, locale: Locale = 'zh-CN'): Promise<CardActionResult> => {
    const sender = await fresh(who);
    return h.transactor.run((uow) => dispatcher.onCardAction(ctxFor(uow, sender, locale), actionId, { outTrackId: 't', params }));
  };
  const cardOf = (replies: readonly Reply[], locale: Locale) => {
    const r = replies[0]!;
    if (r.kind !== 'card') throw new Error(`expected a card, got ${JSON.stringify(r)}`);
    const drawn = renderCard(r.card, r.data, locale);
    return { kind: r.card, ...drawn, buttons: JSON.parse(drawn.buttons) as { id: string; label: string; params: Record<string, string> }[] };
  };
  const textOf = (replies: readonly Reply[] | undefined, locale: Locale = 'zh-CN') =>
    (replies ?? []).map((r) => (r.kind === 'text' ? Object.values(renderText(r, locale)).join('\n') : r.card)).join('\n');
  const outboxCard = async (template: string, recipient: string) => {
    const rows = (await h.db.fork().getConnection().execute('select payload from messaging_outbox where template = ? and recipient_id = ?', [template, recipient], 'all')) as { payload: string }[];
    expect(rows).toHaveLength(1);
    return (JSON.parse(rows[0]!.payload) as { card: { kind: string; data: Record<string, string | number | boolean | null> } }).card;
  };

  it.each([['我要离职', 'zh-CN'], ['I want to resign', 'en']] as const)('"%s" answers with the resignation card: 30 days out, one button per reason', async (input, locale) => {
    const card = cardOf(await say(h.people.leaver, input, locale), locale);
    expect(card.kind).toBe('resign_form');
    expect(card.markdown).toContain('2026-05-31');
    expect(card.buttons.map((b) => b.params.reason)).toEqual(['personal', 'family', 'career', 'other']);
    expect(card.buttons.every((b) => b.id === 'resign_file' && b.params.lastDay === '2026-05-31')).toBe(true);
    expect(card.title).toBe(locale === 'en' ? 'Resignation' : '离职申请');
  });

  it('takes a last day written in the message', async () => {
    expect(cardOf(await say(h.people.leaver, '我要离职 2026-06-15'), 'zh-CN').markdown).toContain('2026-06-15');
  });

  it('files on a press, sends approval cards to the head and HR, and both approvals send the offboarding card', async () => {
    const filed = await press(h.people.leaver, 'resign_file', { lastDay: '2026-05-31', reason: 'career' });
    expect(textOf(filed.replies)).toContain('已提交离职申请，最后工作日 2026-05-31');
    expect(filed.card?.data.done).toBe(true);
    expect(textOf(await say(h.people.leaver, '我要离职'))).toContain('进行中的离职申请');

    const headCard = await outboxCard('offboarding.approval', h.people.head.id);
    const drawn = renderCard(headCard.kind, headCard.data, 'zh-CN');
    expect(drawn.markdown).toContain('张伟');
    expect(drawn.markdown).toContain('职业发展');
    const [approve] = JSON.parse(drawn.buttons) as { id: string; params: Record<string, string> }[];
    expect(textOf((await press(h.people.colleague, approve!.id, approve!.params)).replies)).toContain('不是这份离职申请的审批人');
    expect(textOf((await press(h.people.head, approve!.id, approve!.params)).replies)).toContain('已同意');
    const hrCard = await outboxCard('offboarding.approval', h.people.hr.id);
    expect(textOf((await press(h.people.hr, 'offboarding_decide', JSON.parse(renderCard(hrCard.kind, hrCard.data, 'en').buttons)[0].params)).replies)).toContain('已同意');
    expect((await fresh(h.people.leaver)).status).toBe('pending_departure');

    const offCard = await outboxCard('offboarding.card', h.people.leaver.id);
    const en = renderCard(offCard.kind, offCard.data, 'en');
    expect(en.markdown).toContain('What we keep after you leave');
    expect(en.markdown).toMatch(/kept until 2028-05-3\d \(Labour Contract Law art\. 50/);
    expect(renderCard(offCard.kind, offCard.data, 'zh-CN').markdown).toContain('《劳动合同法》第 50 条');
    const none = (JSON.parse(en.buttons) as { params: Record<string, string> }[]).find((b) => b.params.channel === 'none')!;
    const answered = await press(h.people.leaver, 'offboarding_answer', none.params, 'en');
    expect(textOf(answered.replies, 'en')).toContain('nobody will contact you');
    const c = await h.transactor.run(async (u) => u.offboarding!.openFor(h.people.leaver.id));
    expect(c?.answers).toMatchObject({ channel: 'none', relayOptIn: false, handoverConfirmed: true, noticeVersion: 1 });
  });

  it('撤回离职 / "withdraw my resignation" offers the open case on a card; pressing it cancels the case and HR is told', async () => {
    expect(textOf(await say(h.people.colleague, 'withdraw my resignation', 'en'), 'en')).toContain('no resignation in progress');
    const card = cardOf(await say(h.people.leaver, '撤回离职申请'), 'zh-CN');
    expect(card.kind).toBe('resign_withdraw');
    expect(card.markdown).toContain('2026-05-31');
    expect(card.buttons).toEqual([expect.objectContaining({ id: 'resign_withdraw', label: '确定撤回' })]);
    expect(cardOf(await say(h.people.leaver, 'I want to withdraw my resignation', 'en'), 'en').title).toBe('Withdraw resignation');
    // Someone else pressing a copy of the button changes nothing.
    expect(textOf((await press(h.people.colleague, 'resign_withdraw', card.buttons[0]!.params)).replies)).toContain('不是这份离职申请的审批人');
    const done = await press(h.people.leaver, 'resign_withdraw', card.buttons[0]!.params);
    expect(textOf(done.replies)).toContain('已撤回你的离职申请');
    expect(done.card?.data).toMatchObject({ done: true, status: 'offboarding.status.withdrawn' });
    expect((await fresh(h.people.leaver)).status).toBe('active');
    const told = (await h.db.fork().getConnection().execute("select count(*) as n from messaging_outbox where template = 'offboarding.withdrawn_by_employee' and recipient_id = ?", [h.people.hr.id], 'all')) as { n: number }[];
    expect(Number(told[0]!.n)).toBe(1);
    expect(textOf((await press(h.people.leaver, 'resign_withdraw', card.buttons[0]!.params)).replies)).not.toContain('已撤回你的离职申请');
    expect(cardOf(await say(h.people.leaver, '我要离职'), 'zh-CN').kind).toBe('resign_form');
  });

  it('help names resignation, its withdrawal and privacy in both languages', async () => {
    expect(textOf(await say(h.people.colleague, '帮助'))).toMatch(/我要离职[\s\S]*撤回离职[\s\S]*隐私/);
    expect(textOf(await say(h.people.colleague, 'help', 'en'), 'en')).toMatch(/I want to resign[\s\S]*withdraw my resignation[\s\S]*privacy/);
  });

  it('隐私 / privacy shows my consents; a press grants or withdraws at once and redraws the card', async () => {
    const card = cardOf(await say(h.people.colleague, '我的授权'), 'zh-CN');
    expect(card.kind).toBe('consents');
    expect(card.markdown).toContain('隐私声明 v1');
    expect(card.markdown).toContain('向团队显示我的生日: **未同意**'.replace(': ', ': '));
    const grant = card.buttons.find((b) => b.params.purpose === 'birthday_greetings')!;
    expect(grant.params.granted).toBe('yes');
    const after = await press(h.people.colleague, 'consent_set', grant.params);
    expect(textOf(after.replies)).toContain('已记录你的同意');
    const redrawn = renderCard('consents', after.card!.data, 'en');
    expect(redrawn.markdown).toContain('Show my birthday to my team: **given**');
    const withdraw = (JSON.parse(redrawn.buttons) as { params: Record<string, string> }[]).find((b) => b.params.purpose === 'birthday_greetings')!;
    expect(withdraw.params.granted).toBe('no');
    await press(h.people.colleague, 'consent_set', withdraw.params);
    const again = cardOf(await say(h.people.colleague, 'privacy', 'en'), 'en');
    expect(again.markdown).toContain('Show my birthday to my team: **not given**');
    // Granting again is a new press: card presses are idempotent per parameters, so the button must differ from the first.
    const regrant = again.buttons.find((b) => b.params.purpose === 'birthday_greetings')!;
    expect(regrant.params.granted).toBe('yes');
    expect(regrant.params).not.toEqual(grant.params);
    expect(await h.count('access_log', "action = 'consent' and subject_id = 'e-li'")).toBe(2);
  });
});
