import { beforeEach, describe, expect, it } from 'vitest';
import { buildTestCompany, type TestCompany } from '../../core/testing/test-company.js';
import { botListeners } from '../../bot/commands/index.js';
import type { ViewRecord } from '../../bot/commands/who-viewed.command.js';
import { Dispatcher } from '../../bot/dispatcher/dispatcher.js';
import type { BotContext, BotSettings, Reply } from '../../bot/dispatcher/bot-context.js';
import { renderText } from '../../bot/dispatcher/reply-renderer.js';
import { renderCard } from '../../bot/cards/card-renderer.js';
import type { Employee } from '../../core/records/employee.js';
import type { Locale } from '../../core/messaging/notification.js';

const settings: BotSettings = { miniappUrl: 'https://hr.example/app/', timezone: 'Asia/Shanghai', defaultLocale: 'zh-CN' };
let company: TestCompany;
const views: ViewRecord[] = [];
const dispatcher = new Dispatcher(botListeners({ whoViewedMyData: async (id, limit) => views.filter(() => id === 'e-li').slice(0, limit) }));

beforeEach(async () => {
  company = await buildTestCompany();
  views.length = 0;
});

async function say(text: string, sender: Employee | null, locale: Locale = sender?.locale ?? 'zh-CN'): Promise<string> {
  const replies = await company.tx.run((uow) => {
    const ctx: BotContext = { uow, sender, senderUserId: sender?.dingtalkUserId ?? 'stranger', locale, clock: company.clock, settings };
    return dispatcher.onText(ctx, text);
  });
  return render(replies, locale);
}

const render = (replies: readonly Reply[], locale: Locale) =>
  replies
    .map((r) => (r.kind === 'text' ? Object.values(renderText(r, locale)).join('\n') : JSON.stringify(renderCard(r.card, r.data, locale))))
    .join('\n');

/** Every personal value of the test company; none may appear in chat. */
const canaries = () => [...company.vaultValues.values()].flatMap((m) => [...m.values()].flatMap((v) => (typeof v === 'string' ? [v] : [JSON.stringify(v)])));

describe('the dispatcher', () => {
  it.each(['帮助', 'help', 'HELP!', '  帮助？', '你能做什么', 'what can you do?'])('answers %s with the overview', async (input) => {
    const out = await say(input, company.people.li, /[a-z]/i.test(input) ? 'en' : 'zh-CN');
    expect(out).toMatch(/我能帮你做什么|What I can do/);
    expect(out).toContain(settings.miniappUrl);
  });

  it('answers anything it does not understand with help, never silence', async () => {
    expect(await say('明天天气怎么样', company.people.li)).toMatch(/我没有理解这句话[\s\S]*我能帮你做什么/);
    expect(await say('asdf qwerty', company.people.li, 'en')).toMatch(/didn't understand[\s\S]*What I can do/);
  });

  it('tells an unlinked messenger user to contact HR, but still offers help', async () => {
    expect(await say('我的信息', null)).toContain('还没有关联到员工档案');
    expect(await say('help', null, 'en')).toContain('What I can do');
  });

  it.each(['我的信息', '查看我的资料', 'my profile', 'Show me my record'])('shows basic fields of oneself for "%s", and no personal value', async (input) => {
    const out = await say(input, company.people.li);
    expect(out).toContain('李娜');
    expect(out).toContain('Boundary/研发部');
    expect(out).toContain('e-li@corp.example');
    expect(out).toMatch(/在职|active/);
    for (const v of canaries()) expect(out).not.toContain(v);
  });

  it('renders the profile in the user’s preferred language', async () => {
    const out = await say('my profile', { ...company.people.li, locale: 'en' });
    expect(out).toContain('Department: Boundary/研发部');
    expect(out).toContain('Status: active');
  });

  it('lists who viewed my data through the access-log use case, newest first as given', async () => {
    views.push({ at: new Date('2026-06-10T03:00:00Z'), who: 'HR · 赵敏', fields: ['紧急联系人'], purpose: 'emergency_safety', outcome: 'allowed' });
    views.push({ at: new Date('2026-06-01T03:00:00Z'), who: '部门负责人', fields: ['个人电话'], purpose: 'curiosity', outcome: 'denied' });
    const out = await say('谁看过我的信息', company.people.li);
    expect(out).toContain('HR · 赵敏');
    expect(out).toContain('已拒绝');
    expect(out).toMatch(/2026年6月10日/);
    expect(await say('who viewed my data?', company.people.chen, 'en')).toContain('Nobody has looked');
  });

  it('without the access-log use case wired, "who viewed my data" falls back to help', async () => {
    const bare = new Dispatcher(botListeners({}));
    const replies = await company.tx.run((uow) =>
      bare.onText({ uow, sender: company.people.li, senderUserId: 'dt-e-li', locale: 'zh-CN', clock: company.clock, settings }, '谁看过我的信息'),
    );
    expect(render(replies, 'zh-CN')).toContain('我没有理解');
  });

  it('sends a language card whose button stores the preference and redraws the card in English', async () => {
    const replies = await company.tx.run((uow) =>
      dispatcher.onText({ uow, sender: company.people.li, senderUserId: 'dt-e-li', locale: 'zh-CN', clock: company.clock, settings }, '语言'),
    );
    expect(replies).toEqual([{ kind: 'card', card: 'language', data: { status: null } }]);
    const buttons = JSON.parse(renderCard('language', {}, 'zh-CN').buttons!) as Array<{ id: string; params: Record<string, string> }>;
    const english = buttons.find((b) => b.params.locale === 'en')!;
    const result = await company.tx.run((uow) =>
      dispatcher.onCardAction(
        { uow, sender: company.people.li, senderUserId: 'dt-e-li', locale: 'zh-CN', clock: company.clock, settings },
        english.id,
        { outTrackId: 'ot', params: english.params },
      ),
    );
    expect(renderCard(result.card!.kind, result.card!.data, 'zh-CN')).toMatchObject({ title: 'Choose a language', status: 'Switched to English.' });
    expect((await company.stores.employees.get('e-li'))!.locale).toBe('en');
  });

  it('answers an unknown card action politely instead of failing', async () => {
    const result = await company.tx.run((uow) =>
      dispatcher.onCardAction({ uow, sender: company.people.li, senderUserId: 'dt-e-li', locale: 'en', clock: company.clock, settings }, 'nope', {
        outTrackId: 'ot',
        params: {},
      }),
    );
    expect(render(result.replies!, 'en')).toContain('That did not work');
  });
});
