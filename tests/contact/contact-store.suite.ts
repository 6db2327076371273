import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContactRequest } from '../../core/contact/contact-request.js';
import type { ContactStore } from '../../core/contact/contact-store.port.js';
import { DAY_MS } from '../../core/shared/clock.port.js';
import { buildTestCompany, TEST_DEPARTMENTS } from '../../core/testing/test-company.js';
import { ContactLinkIssuer } from '../../core/contact/contact-links.js';
import { LinkSigner } from '../../core/contact/link-token.js';
import { requestContact } from '../../core/contact/request-contact.use-case.js';
import { answerContactRequest } from '../../core/contact/answer-contact-request.use-case.js';
import { listMyContactRequests } from '../../core/contact/list-contact-requests.use-case.js';
import { contactsOf } from '../../core/contact/contact-context.js';
import { expireContactRequests } from '../../core/contact/expire-contact-requests.use-case.js';
import { claimJobTick, finishJobTick } from '../../storage/contact/job-ticks.js';
import type { TestDriver } from '../support/databases.js';
import { contactDb, type ContactDb } from './support/contact-db.js';
import { tokenOf } from './support/contact-fixture.js';

const T0 = new Date('2026-06-15T02:00:00Z');

const request = (id: string, over: Partial<ContactRequest> = {}): ContactRequest => ({
  id,
  requesterId: 'e-li',
  targetId: 'e-zhang',
  reason: 'money_owed',
  message: `MSG-CANARY-${id} 你还欠我四千元`,
  status: 'submitted',
  answer: null,
  suppressed: false,
  locale: 'zh-CN',
  createdAt: T0,
  updatedAt: T0,
  expiresAt: null,
  reviewedBy: null,
  hrNote: null,
  version: 0,
  ...over,
});

/** The contact store port on a real database: what core relies on, including the database-enforced rules. */
export function contactStoreSuite(driver: TestDriver): void {
  describe(`contact store on ${driver}`, () => {
    let t: ContactDb;
    const run = <T>(work: (s: ContactStore) => Promise<T>) => t.transactor.run((uow) => work(contactsOf(uow)));

    beforeAll(async () => {
      t = await contactDb(driver);
    });
    afterAll(async () => t?.close());

    it('round-trips a request with its answer, and keeps message and answer sealed at rest', async () => {
      const saved = await run((s) => s.requests.save(request('r1')));
      expect(saved.version).toBe(1);
      await run((s) => s.requests.save({ ...saved, status: 'granted', answer: { kind: 'share', channel: 'phone', value: '13911112222' }, updatedAt: new Date(T0.getTime() + 1000) }));
      const back = await run((s) => s.requests.get('r1'));
      expect(back).toMatchObject({ status: 'granted', message: 'MSG-CANARY-r1 你还欠我四千元', answer: { kind: 'share', channel: 'phone', value: '13911112222' }, version: 2 });
      const [row] = await t.raw('select message_enc, answer_enc from contact_requests where id = ?', ['r1']);
      const bytes = Buffer.concat([Buffer.from(row!.message_enc as Uint8Array), Buffer.from(row!.answer_enc as Uint8Array)]);
      expect(bytes.includes(Buffer.from('MSG-CANARY'))).toBe(false);
      expect(bytes.includes(Buffer.from('13911112222'))).toBe(false);
    });

    it('refuses a save on a stale version', async () => {
      const saved = await run((s) => s.requests.save(request('r2', { targetId: 'e-x2' })));
      await run((s) => s.requests.save({ ...saved, status: 'hr_review' }));
      await expect(run((s) => s.requests.save({ ...saved, status: 'cancelled' }))).rejects.toThrow();
      expect((await run((s) => s.requests.get('r2')))!.status).toBe('hr_review');
    });

    it('lets the database refuse a second open request for the same pair, and allows one after the first ended', async () => {
      await run((s) => s.requests.save(request('p1', { targetId: 'e-pair' })));
      await expect(run((s) => s.requests.save(request('p2', { targetId: 'e-pair' })))).rejects.toThrow();
      const p1 = (await run((s) => s.requests.get('p1')))!;
      await run((s) => s.requests.save({ ...p1, status: 'cancelled' }));
      await expect(run((s) => s.requests.save(request('p3', { targetId: 'e-pair' })))).resolves.toMatchObject({ version: 1 });
    });

    it('counts open requests, finds the open one of a pair, and dates the last neutral ending', async () => {
      const requester = 'e-counter';
      const a = await run((s) => s.requests.save(request('c1', { requesterId: requester, targetId: 't1' })));
      await run((s) => s.requests.save(request('c2', { requesterId: requester, targetId: 't2', status: 'awaiting_consent' })));
      const endedAt = new Date(T0.getTime() + 5 * DAY_MS);
      await run((s) => s.requests.save({ ...a, status: 'hr_review' }));
      const a2 = (await run((s) => s.requests.get('c1')))!;
      expect(await run((s) => s.requests.countOpenByRequester(requester))).toBe(2);
      expect((await run((s) => s.requests.findOpen(requester, 't2')))?.id).toBe('c2');
      await run((s) => s.requests.save({ ...a2, status: 'cancelled', updatedAt: endedAt }));
      expect(await run((s) => s.requests.lastNeutralEndingSince(requester, 't1', T0))).toBeNull();
      const c2 = (await run((s) => s.requests.get('c2')))!;
      await run((s) => s.requests.save({ ...c2, status: 'declined', updatedAt: endedAt }));
      expect(await run((s) => s.requests.lastNeutralEndingSince(requester, 't2', T0))).toEqual(endedAt);
      expect(await run((s) => s.requests.lastNeutralEndingSince(requester, 't2', new Date(endedAt.getTime() + 1)))).toBeNull();
      expect(await run((s) => s.requests.countOpenByRequester(requester))).toBe(0);
    });

    it('lists awaiting requests past their expiry, oldest first, and a requester’s newest first', async () => {
      const r = 'e-lister';
      await run((s) => s.requests.save(request('x1', { requesterId: r, targetId: 'u1', status: 'awaiting_consent', expiresAt: new Date(T0.getTime() + 2000), createdAt: new Date(T0.getTime() + 1) })));
      await run((s) => s.requests.save(request('x2', { requesterId: r, targetId: 'u2', status: 'awaiting_consent', expiresAt: new Date(T0.getTime() + 1000), createdAt: new Date(T0.getTime() + 2) })));
      await run((s) => s.requests.save(request('x3', { requesterId: r, targetId: 'u3', status: 'awaiting_consent', expiresAt: new Date(T0.getTime() + 9000), createdAt: new Date(T0.getTime() + 3) })));
      const due = await run((s) => s.requests.listExpired(new Date(T0.getTime() + 2000), 10));
      expect(due.filter((d) => d.requesterId === r).map((d) => d.id)).toEqual(['x2', 'x1']);
      expect((await run((s) => s.requests.listByRequester(r, 10))).map((d) => d.id)).toEqual(['x3', 'x2', 'x1']);
      expect((await run((s) => s.requests.listByStatus('awaiting_consent', 100))).map((d) => d.id)).toEqual(expect.arrayContaining(['x1', 'x2', 'x3']));
    });

    it('consumes a link exactly once, even when two transactions race', async () => {
      await run((s) => s.links.add({ nonceHash: 'h-1', requestId: 'r1', purpose: 'answer', expiresAt: new Date(T0.getTime() + DAY_MS) }));
      expect(await run((s) => s.links.get('h-1'))).toMatchObject({ requestId: 'r1', purpose: 'answer', usedAt: null });
      const results = await Promise.all([1, 2, 3].map(() => run((s) => s.links.consume('h-1', T0))));
      expect(results.filter(Boolean)).toHaveLength(1);
      expect((await run((s) => s.links.get('h-1')))!.usedAt).toEqual(T0);
      expect(await run((s) => s.links.consume('h-unknown', T0))).toBe(false);
    });

    it('remembers blocks per (target, requester), counts look-ups in a window, and keeps sealed drafts until they expire', async () => {
      await run((s) => s.blocks.add('e-former', 'e-asker', T0));
      await run((s) => s.blocks.add('e-former', 'e-asker', T0));
      expect(await run((s) => s.blocks.isBlocked('e-former', 'e-asker'))).toBe(true);
      expect(await run((s) => s.blocks.isBlocked('e-asker', 'e-former'))).toBe(false);
      for (const ms of [0, 1000, 2000]) await run((s) => s.lookups.record('e-look', new Date(T0.getTime() + ms)));
      expect(await run((s) => s.lookups.countSince('e-look', new Date(T0.getTime() + 1000)))).toBe(2);
      const expiresAt = new Date(T0.getTime() + 60_000);
      await run((s) => s.drafts.put({ kind: 'compose', ownerId: 'e-li', targetId: 'e-zhang', reason: 'money_owed', message: 'DRAFT-CANARY', expiresAt }));
      expect(await run((s) => s.drafts.get('e-li', T0))).toEqual({ kind: 'compose', ownerId: 'e-li', targetId: 'e-zhang', reason: 'money_owed', message: 'DRAFT-CANARY', expiresAt });
      const [row] = await t.raw('select message_enc from contact_drafts where owner_id = ?', ['e-li']);
      expect(Buffer.from(row!.message_enc as Uint8Array).includes(Buffer.from('DRAFT-CANARY'))).toBe(false);
      await run((s) => s.drafts.put({ kind: 'hr_note', ownerId: 'e-li', requestId: 'r9', expiresAt }));
      expect(await run((s) => s.drafts.get('e-li', T0))).toEqual({ kind: 'hr_note', ownerId: 'e-li', requestId: 'r9', expiresAt });
      expect(await run((s) => s.drafts.get('e-li', expiresAt))).toBeNull();
      await run((s) => s.drafts.clear('e-li'));
      expect(await run((s) => s.drafts.get('e-li', T0))).toBeNull();
    });

    it('runs the use cases on the real repositories: file, mail in the outbox, answer once, the requester sees exactly the shared channel', async () => {
      const company = await buildTestCompany({ now: T0 });
      const catalog = await company.stores.catalog.current();
      await t.transactor.run(async (uow) => {
        for (const d of Object.values(TEST_DEPARTMENTS)) await uow.departments.save(d);
        for (const p of Object.values(company.people)) await uow.employees.save(p);
        await uow.vault.write(company.people.zhang.id, new Map([['post_departure_email', 'zhang.real@mail.example']]), catalog);
      });
      const deps = { tx: t.transactor, clock: t.clock, ids: t.ids, links: new ContactLinkIssuer(new LinkSigner(Buffer.alloc(32, 9)), 'http://hr.test') };
      const filed = await requestContact(deps, { requesterId: 'e-li', targetId: 'e-zhang', reason: 'belongings', message: '键盘', channel: 'bot', defaultLocale: 'zh-CN' });
      expect(filed.ok && filed.value.status).toBe('awaiting_consent');
      const [mail] = await t.raw("select payload from messaging_outbox where recipient_kind = ?", ['former_employee_mail']);
      const token = tokenOf(String(JSON.parse(String(mail!.payload)).params.answerUrl));
      const answered = await answerContactRequest(deps, { token, answer: { kind: 'share', channel: 'email', value: 'shared.zhang@mail.example' } });
      expect(answered.ok).toBe(true);
      const again = await answerContactRequest(deps, { token, answer: { kind: 'decline' } });
      expect(!again.ok && again.error.params.reason).toBe('used');
      const mine = (await listMyContactRequests(deps, { requesterId: 'e-li' })).find((m) => filed.ok && m.id === filed.value.id);
      expect(mine).toMatchObject({ status: 'granted', shared: { kind: 'email', value: 'shared.zhang@mail.example' }, reply: null });
      const log = await t.raw("select reason_code from access_log where action = 'contact_request' order by seq");
      expect(log.map((r) => r.reason_code)).toEqual(['CONTACT_SUBMITTED', 'CONTACT_AWAITING_CONSENT', 'CONTACT_GRANTED', 'CONTACT_LINK_USED']);
    });

    it('runs a scheduled tick of the expiry job on exactly one of several instances', async () => {
      const tick = '2026-06-15T02:05:00.000Z';
      const claims = await Promise.all(['i1', 'i2', 'i3'].map((i) => claimJobTick(t.db, 'contact.expire', tick, i, T0)));
      expect(claims.filter(Boolean)).toHaveLength(1);
      await finishJobTick(t.db, 'contact.expire', tick, T0);
      expect(await claimJobTick(t.db, 'contact.expire', '2026-06-15T02:10:00.000Z', 'i2', T0)).toBe(true);
    });

    it('expires awaiting requests past their link validity, with the neutral outcome, once', async () => {
      const deps = { tx: t.transactor, clock: t.clock, ids: t.ids };
      await run((s) => s.requests.save(request('exp-1', { requesterId: 'e-li', targetId: 'e-exp', status: 'awaiting_consent', expiresAt: new Date(T0.getTime() + 1000) })));
      t.clock.set(new Date(T0.getTime() + 1000));
      expect(await expireContactRequests(deps, { limit: 500 })).toBeGreaterThanOrEqual(1);
      expect((await run((s) => s.requests.get('exp-1')))!.status).toBe('expired');
      expect(await expireContactRequests(deps, { limit: 500 })).toBe(0);
      const [n] = await t.raw("select payload from messaging_outbox where template = 'contact.outcome.neutral' and dedupe_key = ?", ['contact:exp-1:outcome']);
      expect(JSON.parse(String(n!.payload)).recipient).toEqual({ kind: 'employee', employeeId: 'e-li' });
    });
  });
}
