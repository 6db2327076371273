import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishNotice } from '../../core/consent/publish-notice.use-case.js';
import { runPromptRollout } from '../../core/consent/prompt-rollout.use-case.js';
import { recordConsent } from '../../core/consent/record-consent.use-case.js';
import { importRoster } from '../../core/records/roster-import.use-case.js';
import { SequentialIds } from '../../core/shared/ids.port.js';
import { rosterFromCsv } from '../../scripts/roster/roster-file.js';
import { accessLogFactory } from '../../storage/audit/mikro-access-log.repository.js';
import { promptPortsFor } from '../../storage/consent/prompt-ports.js';
import { MikroRosterStore } from '../../storage/records/mikro-roster-store.js';
import type { StorageContext } from '../../storage/unit-of-work.js';
import type { TestDriver } from '../support/databases.js';
import { buildTransactor, offboardingDb, type OffboardingDb } from './offboarding-db.js';

const HEADER = 'employee_no,name,dingtalk_user_id,department,title,roles,status,last_day';

/** Consent prompts on a real database: onboarding through the roster import, and a new notice's rollout. */
export function consentPromptsSuite(driver: TestDriver): void {
  describe(`consent prompts on ${driver}`, () => {
    let h: OffboardingDb;
    const ids = new SequentialIds('r'); // one sequence for every import, or the second would reuse the first's ids
    const ctx = (): StorageContext => ({ db: h.db, clock: h.clock, ids, keyring: h.keyring });
    const importCsv = (rows: string[]) => {
      const c = ctx();
      const store = new MikroRosterStore(c, (em) => accessLogFactory(em, c), promptPortsFor(c));
      return importRoster({ store, clock: h.clock }, { ...rosterFromCsv([HEADER, ...rows].join('\n')), actorId: 'e-hr', channel: 'cli' });
    };
    const prompted = async () =>
      (await h.db.fork().getConnection().execute("select recipient_id as id from messaging_outbox where template = 'consent.prompt' order by recipient_id", [], 'all')).map(
        (r) => String(r.id),
      );
    const idOf = async (no: string) => (await h.transactor.run((u) => u.employees.getByEmployeeNo(no)))!.id;

    beforeAll(async () => {
      h = await offboardingDb(driver, new Date('2026-07-01T02:00:00Z'));
    });
    afterAll(async () => h?.close());

    it('a roster import before any notice exists asks nobody', async () => {
      expect((await importCsv(['N001,周一,user_n1,研发部,工程师,employee,active,'])).ok).toBe(true);
      expect(await prompted()).toEqual([]);
    });

    it('with a notice published, each newcomer reachable in the messenger gets one card in the import transaction; re-imports and leavers get none', async () => {
      await h.transactor.run((u) => u.consents!.publishNotice({ 'zh-CN': '隐私声明 v1', en: 'Privacy notice v1' }, 'e-hr', h.clock.now()));
      const r = await importCsv([
        'N001,周一,user_n1,研发部,工程师,employee,active,',
        'N002,吴二,user_n2,研发部,工程师,employee,active,',
        'N003,郑三,,研发部,工程师,employee,active,',
        'N004,王四,user_n4,研发部,工程师,employee,departed,2026-01-31',
      ]);
      expect(r.ok && [r.value.created, r.value.updated]).toEqual([3, 1]);
      expect(await prompted()).toEqual([await idOf('N002')]);
      expect(await h.count('consent_prompts', "cause = 'onboarding' and notice_version = 1")).toBe(1);
      // The same file again: nobody is new, nobody is asked again.
      expect((await importCsv(['N002,吴二,user_n2,研发部,工程师,employee,active,'])).ok).toBe(true);
      expect((await prompted()).length).toBe(1);
      // Given a messenger account, or rehired: now reachable as an employee, so asked once.
      expect((await importCsv(['N003,郑三,user_n3,研发部,工程师,employee,active,', 'N004,王四,user_n4,研发部,工程师,employee,active,'])).ok).toBe(true);
      expect(await prompted()).toEqual([await idOf('N002'), await idOf('N003'), await idOf('N004')].sort());
      await importCsv(['N003,郑三,user_n3,研发部,工程师,employee,active,', 'N004,王四,user_n4,研发部,工程师,employee,active,']);
      expect((await prompted()).length).toBe(3);
      // Back to the first state for the rollout below: N003 without an account, N004 departed.
      expect((await importCsv(['N003,郑三,,研发部,工程师,employee,active,', 'N004,王四,user_n4,研发部,工程师,employee,departed,2026-01-31'])).ok).toBe(true);
    });

    it('HR publishes version 2: the rollout asks everybody reachable who has not answered it, in batches, exactly once', async () => {
      const n1 = await idOf('N001');
      const n2 = await idOf('N002');
      // The fixture's people (HR, head, leaver, colleague) have messenger ids; the leaver answers v2 early.
      const published = await publishNotice(h.deps, { actorId: 'e-hr', text: { 'zh-CN': '隐私声明 v2', en: 'Privacy notice v2' }, baseVersion: 1, channel: 'miniapp' });
      expect(published.ok && published.value.version).toBe(2);
      expect(await h.count('access_log', "action = 'consent' and reason_code = 'NOTICE_PUBLISHED' and actor_id = 'e-hr'")).toBe(1);
      expect((await recordConsent(h.deps, { employeeId: 'e-leaver', answers: [{ purpose: 'birthday_greetings', granted: false }], noticeVersion: 2, channel: 'miniapp' })).ok).toBe(true);

      const report = await runPromptRollout({ tx: h.transactor, clock: h.clock }, { batchSize: 2 });
      expect(report).toMatchObject({ status: 'done', version: 2, prompted: 5 });
      const keys = await h.db.fork().getConnection().execute("select dedupe_key as k from messaging_outbox where template = 'consent.prompt' and dedupe_key like '%:v2'", [], 'all');
      expect(keys.map((r) => String(r.k)).sort()).toEqual(['e-head', 'e-hr', 'e-li', n1, n2].map((id) => `consent:prompt:${id}:v2`).sort());
      expect(await h.count('consent_rollouts', 'finished_at is null')).toBe(0);

      const again = await runPromptRollout({ tx: h.transactor, clock: h.clock }, { batchSize: 2 });
      expect(again).toMatchObject({ status: 'idle', prompted: 0 });
      await h.db.fork().getConnection().execute('update consent_rollouts set finished_at = null', [], 'run');
      expect((await runPromptRollout({ tx: h.transactor, clock: h.clock })).prompted).toBe(0);
      expect(await h.count('messaging_outbox', "template = 'consent.prompt' and dedupe_key like '%:v2'")).toBe(5);
    });

    it('an answer on the prompt is recorded against its version and is what the next decision reads', async () => {
      const r = await recordConsent(h.deps, { employeeId: 'e-li', answers: [{ purpose: 'birthday_greetings', granted: true }], noticeVersion: 2, channel: 'bot' });
      expect(r.ok).toBe(true);
      expect(await h.transactor.run((u) => u.consents!.granted('e-li'))).toEqual(new Set(['birthday_greetings']));
      expect(await h.transactor.run((u) => u.consents!.promptCounts())).toEqual(new Map([[1, 3], [2, 5]]));
    });

    it('two instances rolling out the same version at once ask each person once (lock per batch, marks per person)', async () => {
      expect((await publishNotice(h.deps, { actorId: 'e-hr', text: { 'zh-CN': '隐私声明 v3', en: 'Privacy notice v3' }, baseVersion: 2, channel: 'miniapp' })).ok).toBe(true);
      const other = buildTransactor(h.db, h.clock, h.keyring, 'o2');
      const reports = await Promise.all([
        runPromptRollout({ tx: h.transactor, clock: h.clock }, { batchSize: 1 }),
        runPromptRollout({ tx: other, clock: h.clock }, { batchSize: 1 }),
      ]);
      expect(reports.reduce((n, r) => n + r.prompted, 0)).toBe(6);
      const rows = await h.db.fork().getConnection().execute("select dedupe_key as k from messaging_outbox where dedupe_key like 'consent:prompt:%:v3'", [], 'all');
      expect(new Set(rows.map((r) => String(r.k))).size).toBe(6);
      expect(rows.length).toBe(6);
      expect(await h.count('consent_prompts', 'notice_version = 3')).toBe(6);
    });

    it('two HR admins publishing on top of the same version at once: one publishes, the other is told it is stale', async () => {
      const other = buildTransactor(h.db, h.clock, h.keyring, 'o3');
      const text = { 'zh-CN': '隐私声明 v4', en: 'Privacy notice v4' };
      const results = await Promise.all([
        publishNotice(h.deps, { actorId: 'e-hr', text, baseVersion: 3, channel: 'miniapp' }),
        publishNotice({ ...h.deps, tx: other }, { actorId: 'e-hr', text, baseVersion: 3, channel: 'miniapp' }),
      ]);
      expect(results.map((r) => (r.ok ? 'ok' : r.error.code)).sort()).toEqual(['RECORD.CONFLICT', 'ok']);
      expect(await h.count('privacy_notices')).toBe(4);
      expect(await h.count('consent_rollouts', 'notice_version = 4')).toBe(1);
    });
  });
}
