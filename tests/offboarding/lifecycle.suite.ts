import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY_MS } from '../../core/shared/clock.port.js';
import { fileResignation } from '../../core/offboarding/file-resignation.use-case.js';
import { decideResignation } from '../../core/offboarding/decide-resignation.use-case.js';
import { answerOffboardingCard } from '../../core/offboarding/answer-offboarding-card.use-case.js';
import { confirmChecklistItem } from '../../core/offboarding/confirm-checklist-item.use-case.js';
import { departDue } from '../../core/offboarding/depart-employee.use-case.js';
import { purgeExpired } from '../../core/retention/purge-expired.use-case.js';
import { DEFAULT_FIELDS } from '../../core/records/default-catalog.js';
import type { TestDriver } from '../support/databases.js';
import { offboardingDb, type OffboardingDb } from './offboarding-db.js';

const VAULT_FIELDS = DEFAULT_FIELDS.filter((f) => f.storage === 'vault').map((f) => f.key);
const AFTER_EMAIL = 'canary.after@home.example';

/**
 * Time travel with a fixed clock: one employee from active through resignation, approvals,
 * the offboarding card and departure to every retention deadline, asserting exactly which
 * fields still read as a value and which are erased one day before and one day after each.
 */
export function lifecycleSuite(driver: TestDriver): void {
  describe(`offboarding lifecycle and retention on ${driver}`, () => {
    let h: OffboardingDb;
    let departedAt: Date;
    const at = (days: number) => new Date(departedAt.getTime() + days * DAY_MS);
    const purge = () => purgeExpired({ tx: h.transactor, clock: h.clock });
    const states = async () =>
      h.transactor.run(async (uow) => {
        const read = await uow.vault.read(h.people.leaver.id, VAULT_FIELDS);
        return Object.fromEntries(VAULT_FIELDS.map((f) => [f, read.get(f)?.state]));
      });
    const expectReadable = async (values: readonly string[]) => {
      const s = await states();
      for (const f of VAULT_FIELDS) expect([f, s[f]]).toEqual([f, values.includes(f) ? 'value' : 'erased']);
    };
    const leaver = () => h.transactor.run((uow) => uow.employees.get(h.people.leaver.id));

    beforeAll(async () => {
      h = await offboardingDb(driver, new Date('2026-03-02T02:00:00Z'));
    });
    afterAll(async () => h?.close());

    it('files the resignation from chat, asks the head and HR, and moves to pending_departure once both approve', async () => {
      const filed = await fileResignation(h.deps, { actorId: 'e-leaver', employeeId: 'e-leaver', lastDay: '2026-03-31', reasonCategory: 'career', channel: 'bot' });
      expect(filed.ok).toBe(true);
      const caseId = filed.ok ? filed.value.id : '';
      expect(await h.count('messaging_outbox', "template = 'offboarding.approval'")).toBe(2); // head + HR
      expect((await leaver())?.status).toBe('active');
      // The employee cannot approve their own resignation; a colleague is not the head.
      expect((await decideResignation(h.deps, { actorId: 'e-li', caseId, as: 'dept_head', approve: true, channel: 'bot' })).ok).toBe(false);
      expect((await decideResignation(h.deps, { actorId: 'e-head', caseId, as: 'dept_head', approve: true, channel: 'bot' })).ok).toBe(true);
      expect((await leaver())?.status).toBe('active');
      const approved = await decideResignation(h.deps, { actorId: 'e-hr', caseId, as: 'hr', approve: true, channel: 'bot' });
      expect(approved.ok && approved.value.status).toBe('pending_departure');
      expect((await leaver())?.status).toBe('pending_departure');
      expect(await h.count('messaging_outbox', "template = 'offboarding.card'")).toBe(1);
    });

    it('records the offboarding card answers as consent evidence and keeps the email only in the vault', async () => {
      const c = await h.transactor.run(async (uow) => uow.offboarding!.openFor('e-leaver'));
      const answered = await answerOffboardingCard(h.deps, {
        actorId: 'e-leaver',
        caseId: c!.id,
        handoverConfirmed: true,
        channel: 'email',
        email: AFTER_EMAIL,
        relayOptIn: true,
        noticeVersion: 0,
        via: 'bot',
      });
      expect(answered.ok).toBe(true);
      for (const item of ['handover', 'equipment', 'accounts']) {
        expect((await confirmChecklistItem(h.deps, { actorId: 'e-hr', caseId: c!.id, item, channel: 'miniapp' })).ok).toBe(true);
      }
      const history = await h.transactor.run((uow) => uow.consents!.history('e-leaver'));
      expect(history.map((r) => [r.purpose, r.granted, r.channel])).toEqual([
        ['post_departure_contact', true, 'bot'],
        ['relay_contact_requests', true, 'bot'],
      ]);
      const me = await leaver();
      expect(me?.separation).toMatchObject({ postDepartureChannel: 'email', relayOptIn: true, handoverStatus: 'confirmed' });
      const email = await h.transactor.run((uow) => uow.vault.read('e-leaver', ['post_departure_email']));
      expect(email.get('post_departure_email')).toEqual({ state: 'value', value: AFTER_EMAIL });
      const log = JSON.stringify(await h.db.fork().getConnection().execute('select * from access_log', [], 'all'));
      expect(log).not.toContain(AFTER_EMAIL);
    });

    it('departs by the schedule on the last day in BOUNDARY_TIMEZONE, not the evening before', async () => {
      h.clock.set(new Date('2026-03-30T15:55:00Z')); // 23:55 on 30 March in Shanghai
      expect((await departDue(h.deps)).departed).toEqual([]);
      h.clock.set(new Date('2026-03-31T15:55:00Z')); // 23:55 on the last day
      expect((await departDue(h.deps)).departed).toEqual(['e-leaver']);
      const me = await leaver();
      expect(me?.status).toBe('departed');
      departedAt = new Date(me!.separation.departedAt!);
      expect(me?.separation.finalPayDate).toBe('2026-03-31');
      expect((await departDue(h.deps)).departed).toEqual([]); // idempotent
      await expectReadable(VAULT_FIELDS);
    });

    it('warns the former employee by mail two weeks before the first deadline, once', async () => {
      h.clock.set(at(10));
      await purge();
      expect(await h.count('messaging_outbox', "template = 'retention.notice'")).toBe(0);
      h.clock.set(at(20));
      expect((await purge()).noticesQueued).toBe(1);
      await purge();
      expect(await h.count('messaging_outbox', "template = 'retention.notice' and recipient_kind = 'former_employee_mail'")).toBe(1);
    });

    it('erases the emergency contacts 30 days after departure, and nothing else', async () => {
      h.clock.set(at(29));
      expect((await purge()).purged).toBe(0);
      await expectReadable(VAULT_FIELDS);
      h.clock.set(at(31));
      const r = await purge();
      expect(r).toMatchObject({ status: 'done', purged: 1, keysDestroyed: 1, anonymised: 0 });
      await expectReadable(VAULT_FIELDS.filter((f) => f !== 'emergency_contacts'));
      expect((await purge()).purged).toBe(0); // a second purge changes nothing
    });

    it('erases home address and birthday after one year', async () => {
      h.clock.set(at(364));
      await purge();
      await expectReadable(VAULT_FIELDS.filter((f) => f !== 'emergency_contacts'));
      h.clock.set(at(366));
      await purge();
      await expectReadable(['personal_phone', 'personal_email', 'id_number', 'salary', 'bank_account', 'post_departure_email']);
    });

    it('erases salary, ID number and bank account two years after departure and final pay; the name stays while relays last', async () => {
      h.clock.set(at(729));
      await purge();
      await expectReadable(['personal_phone', 'personal_email', 'id_number', 'salary', 'bank_account', 'post_departure_email']);
      h.clock.set(at(731));
      await purge();
      await expectReadable(['personal_phone', 'personal_email', 'post_departure_email']);
      expect((await leaver())?.name).toBe('张伟');
    });

    it('after three years with relays on, erases the rest and keeps only the minimal anonymised record', async () => {
      h.clock.set(at(3 * 365 - 1));
      await purge();
      await expectReadable(['personal_phone', 'personal_email', 'post_departure_email']);
      h.clock.set(at(3 * 365 + 1));
      const r = await purge();
      expect(r).toMatchObject({ purged: 1, anonymised: 1 });
      await expectReadable([]);
      const me = await leaver();
      expect(me).toMatchObject({
        name: 'former-e-leaver',
        employeeNo: 'E-LEAVER',
        departmentId: 'd-rd',
        hireDate: '2020-04-01',
        status: 'departed',
        workEmail: null,
        workPhone: null,
        dingtalkUserId: null,
        title: '',
      });
      expect(me?.separation.lastDay).toBe('2026-03-31');
      expect(me?.anonymisedAt).not.toBeNull();
      expect(await h.count('data_keys', 'employee_id = ?', ['e-leaver'])).toBe(0);
      expect(await h.count('field_values', 'employee_id = ?', ['e-leaver'])).toBe(0);
      // The colleague was never touched.
      const li = await h.transactor.run((uow) => uow.vault.read('e-li', ['personal_phone']));
      expect(li.get('personal_phone')?.state).toBe('value');
      expect((await purge()).purged).toBe(0);
    });

    it('wrote one deletion record per purge with field names only, never a value', async () => {
      const rows = (await h.db.fork().getConnection().execute("select * from access_log where action = 'purge' order by seq", [], 'all')) as Record<string, unknown>[];
      expect(rows.map((r) => r.reason_code)).toEqual(['RETENTION_ERASED', 'RETENTION_ERASED', 'RETENTION_ERASED', 'RETENTION_ANONYMISED']);
      const all = JSON.stringify(await h.db.fork().getConnection().execute('select * from access_log', [], 'all'));
      for (const v of ['13912340001', 'canary.leaver', '110101199102030011', 'CANARY', AFTER_EMAIL]) expect(all).not.toContain(v);
    });
  });
}
