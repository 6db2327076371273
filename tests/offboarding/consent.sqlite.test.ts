import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { revealFields } from '../../core/access/reveal-fields.use-case.js';
import { recordConsent } from '../../core/consent/record-consent.use-case.js';
import { DEFAULT_CATALOG } from '../../core/records/default-catalog.js';
import { offboardingDb, type OffboardingDb } from './offboarding-db.js';

describe('consent: versioned notices, per-purpose answers, withdrawal effective for the very next decision', () => {
  let h: OffboardingDb;
  const reveal = () =>
    revealFields(h.deps, {
      actorId: 'e-hr',
      subjectId: 'e-leaver',
      fields: ['personal_email'],
      purpose: 'employment_admin',
      justification: '寄送离职证明需要联系本人',
      channel: 'miniapp',
    });

  beforeAll(async () => {
    h = await offboardingDb('sqlite', new Date('2026-05-01T02:00:00Z'));
    await h.transactor.run(async (uow) => {
      // This company relies on consent, not its labour rules, to reach people at their own address.
      const { version: _v, ...draft } = DEFAULT_CATALOG;
      await uow.catalog.publish(
        { ...draft, purposes: draft.purposes.map((p) => (p.code === 'employment_admin' ? { ...p, consentPurpose: 'post_departure_contact' } : p)) },
        'e-hr',
        h.clock.now(),
      );
      await uow.consents!.publishNotice({ 'zh-CN': '隐私声明 v1', en: 'Privacy notice v1' }, 'e-hr', h.clock.now());
    });
  });
  afterAll(async () => h?.close());

  it('refuses a consent-based purpose before the person has consented', async () => {
    const r = await reveal();
    expect(r.ok ? 'allowed' : r.error.params.reason).toBe('CONSENT_WITHDRAWN');
  });

  it('allows it once granted, and refuses the very next reveal after a one-step withdrawal', async () => {
    const notice = await h.transactor.run((uow) => uow.consents!.currentNotice());
    expect((await recordConsent(h.deps, { employeeId: 'e-leaver', answers: [{ purpose: 'post_departure_contact', granted: true }], noticeVersion: notice!.version, channel: 'miniapp' })).ok).toBe(true);
    const allowed = await reveal();
    expect(allowed.ok && allowed.value.values[0]?.state).toBe('value');
    expect((await recordConsent(h.deps, { employeeId: 'e-leaver', answers: [{ purpose: 'post_departure_contact', granted: false }], noticeVersion: notice!.version, channel: 'bot' })).ok).toBe(true);
    const refused = await reveal();
    expect(refused.ok ? 'allowed' : refused.error.params.reason).toBe('CONSENT_WITHDRAWN');
  });

  it('keeps the whole history as evidence and logs each answer without values', async () => {
    const history = await h.transactor.run((uow) => uow.consents!.history('e-leaver'));
    expect(history.map((r) => [r.purpose, r.granted, r.noticeVersion, r.channel])).toEqual([
      ['post_departure_contact', true, 1, 'miniapp'],
      ['post_departure_contact', false, 1, 'bot'],
    ]);
    expect(await h.count('access_log', "action = 'consent'")).toBe(2);
    expect(await h.count('access_log', "action = 'reveal' and reason_code = 'CONSENT_WITHDRAWN'")).toBe(2);
  });

  it('rejects an answer to a notice that is no longer current, and unknown purposes', async () => {
    await h.transactor.run((uow) => uow.consents!.publishNotice({ 'zh-CN': '隐私声明 v2', en: 'Privacy notice v2' }, 'e-hr', h.clock.now()));
    const stale = await recordConsent(h.deps, { employeeId: 'e-leaver', answers: [{ purpose: 'birthday_greetings', granted: true }], noticeVersion: 1, channel: 'miniapp' });
    expect(stale.ok ? null : stale.error.code).toBe('CONSENT.NOT_FOUND');
    const unknown = await recordConsent(h.deps, { employeeId: 'e-leaver', answers: [{ purpose: 'marketing', granted: true }], noticeVersion: 2, channel: 'miniapp' });
    expect(unknown.ok ? null : unknown.error.code).toBe('INPUT.INVALID');
  });

  it('withdrawing relay consent turns relays off on the record at once', async () => {
    await recordConsent(h.deps, { employeeId: 'e-leaver', answers: [{ purpose: 'relay_contact_requests', granted: true }], noticeVersion: 2, channel: 'miniapp' });
    expect((await h.transactor.run((uow) => uow.employees.get('e-leaver')))?.separation.relayOptIn).toBe(true);
    await recordConsent(h.deps, { employeeId: 'e-leaver', answers: [{ purpose: 'relay_contact_requests', granted: false }], noticeVersion: 2, channel: 'miniapp' });
    expect((await h.transactor.run((uow) => uow.employees.get('e-leaver')))?.separation.relayOptIn).toBe(false);
  });
});
