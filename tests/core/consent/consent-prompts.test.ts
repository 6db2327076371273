import { beforeEach, describe, expect, it } from 'vitest';
import { publishNotice } from '../../../core/consent/publish-notice.use-case.js';
import { runPromptRollout } from '../../../core/consent/prompt-rollout.use-case.js';
import { askForConsent, NOTICE_EXCERPT_CHARS, promptCardData } from '../../../core/consent/consent-prompt.js';
import { appendConsent } from '../../../core/consent/record-consent.use-case.js';
import type { Employee } from '../../../core/records/employee.js';
import { FixedClock } from '../../../core/shared/clock.port.js';
import { SequentialIds } from '../../../core/shared/ids.port.js';
import { InMemoryConsentLedger } from '../../../core/testing/in-memory-consent-ledger.js';
import { inMemoryStores, InMemoryTransactor, type InMemoryStores } from '../../../core/testing/in-memory-transactor.js';
import { employee } from '../../../core/testing/test-company.js';

const NOW = new Date('2026-07-01T02:00:00.000Z');
const V1 = { 'zh-CN': '隐私声明第一版', en: 'Privacy notice v1' };
const V2 = { 'zh-CN': '隐私声明第二版：新增生日祝福用途', en: 'Privacy notice v2: adds birthday greetings' };

/**
 * Who is in the company: answered v1 (a), never answered (b), already answered v2 in the
 * mini-app before the job ran (c), departed (d), no messenger account (e), leaving (f), HR.
 */
const PEOPLE: Employee[] = [
  employee({ id: 'e-a', name: '甲', departmentId: 'd-rd' }),
  employee({ id: 'e-b', name: '乙', departmentId: 'd-rd' }),
  employee({ id: 'e-c', name: '丙', departmentId: 'd-rd' }),
  employee({ id: 'e-d', name: '丁', departmentId: 'd-rd', status: 'departed' }),
  employee({ id: 'e-e', name: '戊', departmentId: 'd-rd', dingtalkUserId: null }),
  employee({ id: 'e-f', name: '己', departmentId: 'd-rd', status: 'pending_departure' }),
  employee({ id: 'e-hr', name: '吴婷', departmentId: 'd-hr', roles: ['employee', 'hr_admin'] }),
];

describe('consent prompts: a new notice version asks exactly the people who have not answered it, once', () => {
  let stores: InMemoryStores & { consents: InMemoryConsentLedger };
  let tx: InMemoryTransactor;
  let clock: FixedClock;
  const ids = new SequentialIds('c');
  const prompts = () => stores.outbox.messages.filter((m) => m.template === 'consent.prompt');
  const recipients = () => prompts().map((m) => (m.recipient.kind === 'employee' ? m.recipient.employeeId : '?'));
  const answer = (who: string, version: number) =>
    tx.run(async (uow) => {
      const subject = (await uow.employees.get(who))!;
      await appendConsent(uow, ids, clock.now(), { subject, actor: subject }, { purpose: 'birthday_greetings', granted: true, noticeVersion: version, channel: 'miniapp' });
    });

  beforeEach(async () => {
    const base = inMemoryStores();
    stores = { ...base, consents: new InMemoryConsentLedger(base.employees) };
    for (const p of PEOPLE) await stores.employees.save({ ...p, version: 0 });
    tx = new InMemoryTransactor(stores);
    clock = new FixedClock(NOW);
    await stores.consents.publishNotice(V1, 'e-hr', clock.now());
    await answer('e-a', 1);
  });

  it('HR publishes version 2: stored next to version 1, logged, and a rollout is opened', async () => {
    clock.advance(60_000);
    const r = await publishNotice({ tx, clock }, { actorId: 'e-hr', text: { 'zh-CN': `  ${V2['zh-CN']} `, en: V2.en }, baseVersion: 1, channel: 'miniapp' });
    expect(r.ok && r.value).toMatchObject({ version: 2, text: V2, publishedBy: 'e-hr', publishedAt: '2026-07-01T02:01:00.000Z' });
    expect((await stores.consents.notices()).map((n) => [n.version, n.text.en])).toEqual([
      [1, V1.en],
      [2, V2.en],
    ]);
    expect(await stores.consents.openRollouts()).toEqual([2]);
    expect(stores.accessLog.entries.at(-1)).toMatchObject({ actorId: 'e-hr', actorRole: 'hr_admin', action: 'consent', outcome: 'allowed', reasonCode: 'NOTICE_PUBLISHED', channel: 'miniapp' });
    // Publishing asks nobody by itself: the job does, in batches.
    expect(prompts()).toEqual([]);
  });

  it('refuses a non-HR publisher (logged), a blank text and a stale base version, and stores nothing', async () => {
    const denied = await publishNotice({ tx, clock }, { actorId: 'e-a', text: V2, baseVersion: 1, channel: 'miniapp' });
    expect(denied.ok ? null : denied.error.code).toBe('ACCESS.DENIED');
    expect(stores.accessLog.entries.at(-1)).toMatchObject({ actorId: 'e-a', outcome: 'denied', reasonCode: 'NOT_HR_ADMIN' });
    const logged = stores.accessLog.entries.length;
    const blank = await publishNotice({ tx, clock }, { actorId: 'e-hr', text: { 'zh-CN': '   ', en: V2.en }, baseVersion: 1, channel: 'miniapp' });
    expect(blank.ok ? null : [blank.error.code, blank.error.params.field]).toEqual(['INPUT.INVALID', 'text.zh-CN']);
    const stale = await publishNotice({ tx, clock }, { actorId: 'e-hr', text: V2, baseVersion: 0, channel: 'miniapp' });
    expect(stale.ok ? null : [stale.error.code, stale.error.params.currentVersion]).toEqual(['RECORD.CONFLICT', 1]);
    expect((await stores.consents.notices()).length).toBe(1);
    expect(await stores.consents.openRollouts()).toEqual([]);
    expect(stores.accessLog.entries.length).toBe(logged);
  });

  it('the rollout sends one card to each reachable person in the organisation who has not answered v2, in batches, and a re-run sends nothing', async () => {
    expect((await publishNotice({ tx, clock }, { actorId: 'e-hr', text: V2, baseVersion: 1, channel: 'miniapp' })).ok).toBe(true);
    await answer('e-c', 2);
    const report = await runPromptRollout({ tx, clock, pause: async () => undefined }, { batchSize: 2 });
    expect(report).toMatchObject({ status: 'done', version: 2, prompted: 4 });
    expect(report.batches).toBe(3); // two full batches, then an empty one that closes the rollout
    expect(recipients().sort()).toEqual(['e-a', 'e-b', 'e-f', 'e-hr']);
    const card = prompts().find((m) => m.recipient.kind === 'employee' && m.recipient.employeeId === 'e-b')!;
    expect(card.dedupeKey).toBe('consent:prompt:e-b:v2');
    expect(card.card).toMatchObject({ kind: 'consent_prompt', outTrackId: 'consent-prompt-e-b-v2', data: { noticeVersion: 2, noticeZh: V2['zh-CN'], noticeEn: V2.en, answers: '', step: 0 } });
    expect(await stores.consents.openRollouts()).toEqual([]);

    const again = await runPromptRollout({ tx, clock });
    expect(again).toMatchObject({ status: 'idle', prompted: 0 });
    // Even with the rollout forced open again, the marks keep everybody from a second card.
    await stores.consents.startRollout(2, clock.now());
    await tx.run(async (uow) => uow.consents!.finishRollout(99, clock.now()));
    const forced = await runPromptRollout({ tx, clock });
    expect(forced.prompted).toBe(0);
    expect(prompts().length).toBe(4);
  });

  it('a notice published during a rollout closes the old one; people are asked about the newest only', async () => {
    expect((await publishNotice({ tx, clock }, { actorId: 'e-hr', text: V2, baseVersion: 1, channel: 'miniapp' })).ok).toBe(true);
    expect((await publishNotice({ tx, clock }, { actorId: 'e-hr', text: { 'zh-CN': '第三版', en: 'v3' }, baseVersion: 2, channel: 'miniapp' })).ok).toBe(true);
    expect(await stores.consents.openRollouts()).toEqual([2, 3]);
    const report = await runPromptRollout({ tx, clock });
    expect(report).toMatchObject({ version: 3, prompted: 5 });
    expect(new Set(prompts().map((m) => m.card?.data.noticeVersion))).toEqual(new Set([3]));
    expect(await stores.consents.openRollouts()).toEqual([]);
  });

  it('onboarding asks a newcomer once per version, and not at all before any notice exists', async () => {
    const ports = { consents: stores.consents, outbox: stores.outbox };
    expect(await askForConsent(ports, ['e-b'], 'onboarding', clock.now())).toBe(1);
    expect(await askForConsent(ports, ['e-b'], 'onboarding', clock.now())).toBe(0);
    expect(stores.consents.prompts).toEqual([{ employeeId: 'e-b', version: 1, cause: 'onboarding', at: NOW.toISOString() }]);
    const empty = new InMemoryConsentLedger(stores.employees);
    expect(await askForConsent({ consents: empty, outbox: stores.outbox }, ['e-a'], 'onboarding', clock.now())).toBe(0);
    expect(recipients()).toEqual(['e-b']);
  });

  it('the card carries an excerpt of a long notice and the answers given on this version', async () => {
    const long = { 'zh-CN': '很'.repeat(NOTICE_EXCERPT_CHARS + 50), en: 'short' };
    const notice = { version: 4, text: long, publishedAt: NOW.toISOString(), publishedBy: 'e-hr' };
    const history = [
      { id: 'r1', employeeId: 'e-a', purpose: 'birthday_greetings' as const, granted: true, noticeVersion: 3, at: NOW.toISOString(), channel: 'bot' as const, actorId: 'e-a' },
      { id: 'r2', employeeId: 'e-a', purpose: 'relay_contact_requests' as const, granted: false, noticeVersion: 4, at: NOW.toISOString(), channel: 'bot' as const, actorId: 'e-a' },
    ];
    const data = promptCardData(notice, history);
    expect([...String(data.noticeZh)].length).toBe(NOTICE_EXCERPT_CHARS + 1);
    expect(data).toMatchObject({ noticeEn: 'short', cut: true, answers: 'relay_contact_requests:no', step: 1 });
  });
});
