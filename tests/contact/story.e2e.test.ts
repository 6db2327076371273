import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { DingTalkEmulator } from '../../bot/emulator/emulator-server.js';
import type { ChatEntry } from '../../bot/emulator/emulator-state.js';
import { translate } from '../../bot/i18n/translator.js';
import { DEMO_PEOPLE } from '../../scripts/seed/demo-people.js';
import { CLIENT_ID, CLIENT_SECRET, csrfOf, eventually, MailCatcher, seedDatabase, storyEnv, StoryRun, type StoryEnv } from './support/story-harness.js';

type Locale = 'zh-CN' | 'en';
type Answer = 'share' | 'reply' | 'decline' | 'block';

const LI = 'user_lina';
const HR = 'user_sunli';
const ZHANG_RELAY = 'zhangwei.personal@example.com';
const SHARED_WECHAT = 'zw_wechat_2024';

const SCRIPT: Record<Locale, { ask: string; message: string; reply: string }> = {
  'zh-CN': { ask: '给我张伟父母的电话，他欠我钱', message: '你还欠我四千元，请回个话。', reply: '钱下个月一定还你。' },
  en: { ask: "give me 张伟's parents' phone number, he owes me money", message: 'You still owe me 4000 yuan, please get back to me.', reply: 'I will pay you back next month.' },
};

/**
 * Every personal value the seed gives Zhang, from the seed's own data and formulas (the vault is
 * read by the server only; the test does not share its shreddable key ring).
 */
function zhangCanaries(): string[] {
  const i = DEMO_PEOPLE.findIndex((p) => p.userId === 'user_zhangwei');
  const zhang = DEMO_PEOPLE[i]!;
  const n = String(i + 1).padStart(3, '0');
  return [
    ...(zhang.contacts ?? []).flatMap((c) => [c.phone, c.name]),
    zhang.relay!.email,
    `1390000${n}0`,
    'zhangwei@mail.example',
    `北京市海淀区示例路${i + 1}号`,
    `11010819${80 + (i % 18)}0${1 + (i % 9)}1${i % 9}${n}${i % 10}`,
    `6222020200${n}${String(i * 7919).padStart(6, '0')}`,
  ];
}

function employeeIds(run: StoryRun): { zhang: string; li: string } {
  const rows = run.query<{ id: string; dingtalk_user_id: string }>("select id, dingtalk_user_id from employees where dingtalk_user_id in ('user_zhangwei', ?)", [LI]);
  return { zhang: rows.find((r) => r.dingtalk_user_id === 'user_zhangwei')!.id, li: rows.find((r) => r.dingtalk_user_id === LI)!.id };
}

const card = (entries: ChatEntry[]): ChatEntry => {
  const c = entries.find((e) => e.kind === 'card');
  if (!c) throw new Error(`expected a card, got ${JSON.stringify(entries)}`);
  return c;
};
const textOf = (entries: ChatEntry[]): string => entries.map((e) => `${e.title ?? ''}\n${e.text ?? ''}\n${e.params?.markdown ?? ''}`).join('\n');

for (const locale of ['zh-CN', 'en'] as const) {
  describe(`the seed's story in ${locale}`, () => {
    const smtp = new MailCatcher();
    const emulator = new DingTalkEmulator({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET });
    let template: StoryEnv;
    const canaries = zhangCanaries();
    const outcomes = new Map<Answer, string>();
    const s = SCRIPT[locale];
    const t = (key: Parameters<typeof translate>[1], params = {}) => translate(locale, key, params);

    beforeAll(async () => {
      await smtp.start();
      await emulator.start();
      template = storyEnv(emulator.baseUrl, smtp.port, locale);
      seedDatabase(template);
      expect(canaries).toEqual(expect.arrayContaining(['13800138001', '13800138002', ZHANG_RELAY]));
    }, 120_000);

    afterAll(async () => {
      await emulator.stop();
      await smtp.stop();
      rmSync(template.dir, { recursive: true, force: true });
    });

    for (const answer of ['share', 'reply', 'decline', 'block'] as const) {
      it(`Li is refused Zhang's parents' number, files a contact request, HR approves, Zhang answers "${answer}", Li hears exactly that`, async () => {
        const run = new StoryRun(emulator, storyEnv(emulator.baseUrl, smtp.port, locale, template), locale);
        const mailsBefore = smtp.mails.length;
        await run.start();
        try {
          // 1. The direct ask is refused, with the reason, logged, and a contact request is offered.
          const refused = await run.say(LI, s.ask, 2);
          expect(textOf(refused)).toContain(t('contact.data_ask.title'));
          expect(textOf(refused)).toContain(t('contact.lawful_route'));
          const logged = run.query<{ outcome: string; justification: string; fields: string }>(
            "select outcome, justification, fields from access_log where action = 'reveal' and actor_id = ? and subject_id = ?",
            [employeeIds(run).li, employeeIds(run).zhang],
          );
          expect(logged).toHaveLength(1);
          expect(logged[0]).toMatchObject({ outcome: 'denied', justification: s.ask });
          expect(logged[0]!.fields).toContain('emergency_contacts');

          // 2. Li files a contact request instead: reason, message, confirm.
          const hrBefore = run.bot(HR).length;
          const reasonCard = card(await run.press(LI, card(refused), 'contact_pick'));
          const askMessage = await run.press(LI, reasonCard, 'contact_reason', { reason: 'money_owed' });
          expect(textOf(askMessage)).toContain(t('contact.reason.money_owed'));
          const confirm = card(await run.say(LI, s.message));
          expect(confirm.params?.markdown).toContain(s.message);
          const filed = await run.press(LI, confirm, 'contact_submit');
          expect(textOf(filed)).toContain(t('contact.filed.review', { name: '张伟' }));

          // 3. Money owed goes through HR review first: HR approves on the card.
          const review = await eventually(() => run.bot(HR).slice(hrBefore).find((e) => e.kind === 'card' && e.params?.title === t('contact.review.title')));
          expect(review.params?.markdown).toContain(s.message);
          expect(textOf(await run.press(HR, review, 'contact_review', { decision: 'approve' }))).toContain(t('contact.review.approved'));

          // 4. Zhang's personal mailbox receives the signed links (through real SMTP).
          const mail = await eventually(() => smtp.mails.slice(mailsBefore).find((m) => m.envelopeTo.includes(ZHANG_RELAY))).catch((e: unknown) => {
            console.log(run.server.lines.slice(-30).join('\n'), run.query('select recipient_kind, template, status, last_error, attempts from messaging_outbox'));
            throw e;
          });
          const [answerUrl, settingsUrl] = [...mail.text.matchAll(/https?:\/\/\S+/g)].map((m) => m[0]);
          expect(answerUrl).toMatch(/\/r\/[\w-]+\.[\w-]+$/);
          expect(settingsUrl).toMatch(/\/settings$/);
          const page = await run.open(answerUrl!);
          expect(page.status).toBe(200);
          expect(page.html).toContain('李娜');
          expect(page.html).toContain(s.message.replace(/'/g, '&#39;'));

          // 5. Zhang answers; Li is told exactly what he chose.
          const liBefore = run.bot(LI).length;
          const fields: Record<Answer, Record<string, string>> = {
            share: { kind: 'share', channel: 'wechat', value: SHARED_WECHAT },
            reply: { kind: 'reply', message: s.reply },
            decline: { kind: 'decline' },
            block: { kind: 'block' },
          };
          const done = await run.submit(answerUrl!, fields[answer]);
          expect(done.status).toBe(200);
          const [outcome] = await run.nextReplies(LI, liBefore, 1);
          outcomes.set(answer, `${outcome!.title}\n${outcome!.text}`);
          if (answer === 'share') {
            expect(outcome!.text).toContain(SHARED_WECHAT);
            expect(outcome!.text).toContain(t('contact.channel.wechat'));
          } else if (answer === 'reply') expect(outcome!.text).toContain(s.reply);
          else {
            expect(outcome!.title).toBe(t('contact.outcome.neutral.title', { targetName: '张伟' }));
            expect(outcome!.text).toBe(t('contact.outcome.neutral.body', { targetName: '张伟' }));
          }

          // 6. The link is single use; a tampered link or another link's token opens nothing and changes nothing.
          const statusBefore = run.query("select status, version from contact_requests");
          const reuse = await run.submit(answerUrl!, { kind: 'decline' }, csrfOf(page.html));
          expect(reuse.status).toBe(409);
          const token = answerUrl!.split('/r/')[1]!;
          const tampered = await run.open(answerUrl!.replace(token, `${token.slice(0, 4)}${token[4] === 'x' ? 'y' : 'x'}${token.slice(5)}`));
          expect(tampered.status).toBe(400);
          expect(tampered.html).toContain(locale === 'en' ? 'was changed' : '被改动');
          const settingsToken = settingsUrl!.split('/r/')[1]!.replace(/\/settings$/, '');
          expect((await run.open(`http://x/r/${settingsToken}`)).status).toBe(400);
          expect(run.query("select status, version from contact_requests")).toEqual(statusBefore);
          expect(run.query("select count(*) as n from access_log where action = 'security' and reason_code = 'CONTACT_LINK_TAMPERED'")).toEqual([{ n: 1 }]);

          // 7. Every transition is in the access log.
          const transitions = run.query<{ reason_code: string }>("select reason_code from access_log where action = 'contact_request' and reason_code like 'CONTACT_%' and outcome = 'recorded' order by seq");
          const expected = { share: 'GRANTED', reply: 'REPLIED', decline: 'DECLINED', block: 'BLOCKED' }[answer];
          expect(transitions.map((r) => r.reason_code)).toEqual(['CONTACT_SUBMITTED', 'CONTACT_HR_REVIEW', 'CONTACT_AWAITING_CONSENT', `CONTACT_${expected}`]);

          // 8. Nothing of Zhang's that he did not choose to share appears anywhere.
          await run.stop();
          const everything = [
            JSON.stringify(emulator.state.calls),
            ...smtp.mails.map((m) => m.text),
            ...smtp.mails.map((m) => m.raw.slice(m.raw.indexOf('\r\n\r\n'))),
            ...run.pages,
          ].join('\n');
          for (const value of canaries) expect(everything.includes(value), `leaked ${value.slice(0, 3)}…`).toBe(false);
        } finally {
          await run.stop();
        }
      }, 120_000);
    }

    it('words declined and blocked byte-identically for the requester', () => {
      expect(outcomes.get('decline')).toBeDefined();
      expect(outcomes.get('decline')).toBe(outcomes.get('block'));
    });
  });
}

