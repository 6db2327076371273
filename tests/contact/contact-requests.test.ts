import { describe, expect, it } from 'vitest';
import { requestContact } from '../../core/contact/request-contact.use-case.js';
import { reviewContactRequest } from '../../core/contact/review-contact-request.use-case.js';
import { answerContactRequest } from '../../core/contact/answer-contact-request.use-case.js';
import { expireContactRequests } from '../../core/contact/expire-contact-requests.use-case.js';
import { findFormerColleagues } from '../../core/contact/find-former-colleagues.use-case.js';
import { cancelContactRequest } from '../../core/contact/cancel-contact-request.use-case.js';
import { listMyContactRequests } from '../../core/contact/list-contact-requests.use-case.js';
import type { ContactAnswer, ContactRequest } from '../../core/contact/contact-request.js';
import { DAY_MS } from '../../core/shared/clock.port.js';
import { contactFixture, tokenOf, type ContactFixture } from './support/contact-fixture.js';

const file = (f: ContactFixture, reason = 'belongings', targetId = f.people.zhang.id, requesterId = f.people.li.id) =>
  requestContact(f.deps, { requesterId, targetId, reason, message: '我的键盘还在你那里吗？', channel: 'bot', defaultLocale: 'zh-CN' });

const mails = (f: ContactFixture) => f.stores.outbox.messages.filter((m) => m.recipient.kind === 'former_employee_mail');
const toLi = (f: ContactFixture) => f.stores.outbox.messages.filter((m) => m.recipient.kind === 'employee' && m.recipient.employeeId === f.people.li.id);
const contactLog = (f: ContactFixture) => f.stores.accessLog.entries.filter((e) => e.action === 'contact_request');

async function filedAndMailed(f: ContactFixture): Promise<{ request: ContactRequest; answerToken: string; settingsToken: string }> {
  const filed = await file(f);
  if (!filed.ok) throw new Error(filed.error.code);
  const mail = mails(f).at(-1)!;
  return { request: filed.value, answerToken: tokenOf(String(mail.params.answerUrl)), settingsToken: tokenOf(String(mail.params.settingsUrl)) };
}

describe('filing a contact request', () => {
  it('asks the former employee at once for a reason HR does not review: awaiting consent, one mail with an answer and a settings link', async () => {
    const f = await contactFixture();
    const filed = await file(f);
    expect(filed.ok && filed.value.status).toBe('awaiting_consent');
    expect(mails(f)).toHaveLength(1);
    const mail = mails(f)[0]!;
    expect(mail.recipient).toEqual({ kind: 'former_employee_mail', employeeId: f.people.zhang.id });
    expect(mail.params).toMatchObject({ requesterName: '李娜', reasonRef: 'contact.reason.belongings', message: '我的键盘还在你那里吗？', days: 7 });
    expect(String(mail.params.answerUrl)).toMatch(/^https:\/\/hr\.example\/r\/[\w-]+\.[\w-]+$/);
    expect(String(mail.params.settingsUrl)).toMatch(/\/settings$/);
    expect(JSON.stringify(mail)).not.toContain('zhang.relay.canary');
    expect(contactLog(f).map((e) => e.reasonCode)).toEqual(['CONTACT_SUBMITTED', 'CONTACT_AWAITING_CONSENT']);
    expect(contactLog(f).every((e) => e.subjectId === f.people.zhang.id && e.purpose === 'contact_relay')).toBe(true);
  });

  it('sends a money-owed request to HR review first, with an approval card to each HR admin; approval asks the former employee', async () => {
    const f = await contactFixture();
    const filed = await file(f, 'money_owed');
    expect(filed.ok && filed.value.status).toBe('hr_review');
    expect(mails(f)).toHaveLength(0);
    const cards = f.stores.outbox.messages.filter((m) => m.card?.kind === 'contact_review');
    expect(cards.map((c) => c.recipient)).toEqual([
      { kind: 'employee', employeeId: f.people.hr.id },
      { kind: 'employee', employeeId: f.people.hr2.id },
    ]);
    const approved = await reviewContactRequest(f.deps, { reviewerId: f.people.hr.id, requestId: filed.ok ? filed.value.id : '', decision: 'approve', channel: 'bot' });
    expect(approved.ok && approved.value.status).toBe('awaiting_consent');
    expect(approved.ok && approved.value.reviewedBy).toBe(f.people.hr.id);
    expect(mails(f)).toHaveLength(1);
  });

  it('refuses review by someone who is not an HR admin, logs it, and changes nothing', async () => {
    const f = await contactFixture();
    const filed = await file(f, 'money_owed');
    const id = filed.ok ? filed.value.id : '';
    const r = await reviewContactRequest(f.deps, { reviewerId: f.people.chen.id, requestId: id, decision: 'approve', channel: 'bot' });
    expect(!r.ok && r.error.code).toBe('ACCESS.DENIED');
    expect(f.contacts.all()[0]!.status).toBe('hr_review');
    expect(contactLog(f).at(-1)).toMatchObject({ actorId: f.people.chen.id, outcome: 'denied', reasonCode: 'NOT_HR_ADMIN' });
  });

  it('lets HR cancel with a note the requester reads; a cancel without a note is refused', async () => {
    const f = await contactFixture();
    const filed = await file(f, 'money_owed');
    const id = filed.ok ? filed.value.id : '';
    const noNote = await reviewContactRequest(f.deps, { reviewerId: f.people.hr.id, requestId: id, decision: 'cancel', note: ' ', channel: 'miniapp' });
    expect(!noNote.ok && noNote.error.code).toBe('INPUT.INVALID');
    const c = await reviewContactRequest(f.deps, { reviewerId: f.people.hr.id, requestId: id, decision: 'cancel', note: '请通过法律途径解决', channel: 'miniapp' });
    expect(c.ok && c.value.status).toBe('cancelled');
    expect(toLi(f).at(-1)).toMatchObject({ template: 'contact.outcome.cancelled', params: { targetName: '张伟', note: '请通过法律途径解决' } });
  });

  it('marks a request undeliverable when the former employee chose no channel: nothing is sent, the requester hears the neutral outcome', async () => {
    const f = await contactFixture();
    const ghost = await f.addFormer('e-ghost', '赵雷', {}, null);
    const filed = await file(f, 'belongings', ghost.id);
    expect(filed.ok && filed.value.status).toBe('undeliverable');
    expect(mails(f)).toHaveLength(0);
    expect(toLi(f)).toEqual([expect.objectContaining({ template: 'contact.outcome.neutral', params: { targetName: '赵雷' } })]);
  });

  it('lets the requester cancel their own open request, and nobody else', async () => {
    const f = await contactFixture();
    const filed = await file(f);
    const id = filed.ok ? filed.value.id : '';
    const other = await cancelContactRequest(f.deps, { requesterId: f.people.chen.id, requestId: id, channel: 'bot' });
    expect(!other.ok && other.error.code).toBe('CONTACT.NOT_FOUND');
    const mine = await cancelContactRequest(f.deps, { requesterId: f.people.li.id, requestId: id, channel: 'bot' });
    expect(mine.ok && mine.value.status).toBe('cancelled');
  });
});

describe('the former employee answers', () => {
  const answers: [ContactAnswer, string, Record<string, unknown>][] = [
    [{ kind: 'share', channel: 'wechat', value: 'zhangwei_2020' }, 'contact.outcome.granted', { targetName: '张伟', channelRef: 'contact.channel.wechat', value: 'zhangwei_2020' }],
    [{ kind: 'reply', message: '钱我下个月还' }, 'contact.outcome.replied', { targetName: '张伟', message: '钱我下个月还' }],
    [{ kind: 'decline' }, 'contact.outcome.neutral', { targetName: '张伟' }],
    [{ kind: 'block' }, 'contact.outcome.neutral', { targetName: '张伟' }],
  ];

  it.each(answers)('answer %o → the requester gets exactly %s', async (answer, template, params) => {
    const f = await contactFixture();
    const { answerToken } = await filedAndMailed(f);
    const r = await answerContactRequest(f.deps, { token: answerToken, answer });
    expect(r.ok).toBe(true);
    expect(toLi(f)).toEqual([expect.objectContaining({ template, params })]);
    const logged = contactLog(f).at(-1)!;
    expect(logged).toMatchObject({ actorId: f.people.zhang.id, actorRole: 'former_employee' });
    expect(JSON.stringify(f.stores.accessLog.entries)).not.toContain('zhangwei_2020');
  });

  it('gives declined, blocked, expired and undeliverable one byte-identical outcome', async () => {
    const rendered: string[] = [];
    for (const ending of ['decline', 'block', 'expire', 'undeliverable'] as const) {
      const f = await contactFixture();
      if (ending === 'undeliverable') {
        await f.stores.employees.save({ ...(await f.stores.employees.get(f.people.zhang.id))!, separation: { ...f.people.zhang.separation, relayOptIn: false } });
        await file(f);
      } else {
        const { answerToken } = await filedAndMailed(f);
        if (ending === 'expire') {
          f.clock.advance(7 * DAY_MS + 1);
          expect(await expireContactRequests(f.deps, { limit: 10 })).toBe(1);
        } else await answerContactRequest(f.deps, { token: answerToken, answer: { kind: ending } });
      }
      const [n] = toLi(f);
      rendered.push(JSON.stringify({ template: n!.template, params: n!.params, locale: n!.locale ?? null, card: n!.card ?? null }));
      const [mine] = await listMyContactRequests(f.deps, { requesterId: f.people.li.id });
      expect(mine!.status).toBe('closed');
    }
    expect(new Set(rendered).size).toBe(1);
  });

  it('after a block, a later request is filed like any other but never mailed, and ends expired with the neutral wording', async () => {
    const f = await contactFixture();
    const { answerToken } = await filedAndMailed(f);
    await answerContactRequest(f.deps, { token: answerToken, answer: { kind: 'block' } });
    f.clock.advance(31 * DAY_MS); // past the cool-down
    const again = await file(f);
    expect(again.ok && again.value.status).toBe('awaiting_consent');
    expect(mails(f)).toHaveLength(1);
    expect(f.stores.accessLog.entries.some((e) => e.reasonCode === 'CONTACT_BLOCKED_PAIR' && e.outcome === 'denied')).toBe(true);
    f.clock.advance(7 * DAY_MS);
    await expireContactRequests(f.deps, { limit: 10 });
    expect(toLi(f).map((n) => n.template)).toEqual(['contact.outcome.neutral', 'contact.outcome.neutral']);
  });
});

describe('signed links', () => {
  it('refuses a tampered link with a security entry and changes nothing', async () => {
    const f = await contactFixture();
    const { answerToken } = await filedAndMailed(f);
    const flipped = answerToken.slice(0, 5) + (answerToken[5] === 'A' ? 'B' : 'A') + answerToken.slice(6);
    const before = JSON.stringify(f.contacts.snapshot());
    const r = await answerContactRequest(f.deps, { token: flipped, answer: { kind: 'decline' } });
    expect(!r.ok && r.error.params).toEqual({ reason: 'tampered' });
    expect(JSON.stringify(f.contacts.snapshot())).toBe(before);
    expect(f.stores.accessLog.entries.at(-1)).toMatchObject({ action: 'security', reasonCode: 'CONTACT_LINK_TAMPERED', outcome: 'denied' });
  });

  it('is single use: a second answer is refused and the first stands', async () => {
    const f = await contactFixture();
    const { answerToken } = await filedAndMailed(f);
    await answerContactRequest(f.deps, { token: answerToken, answer: { kind: 'reply', message: '好的' } });
    const second = await answerContactRequest(f.deps, { token: answerToken, answer: { kind: 'block' } });
    expect(!second.ok && second.error.params).toEqual({ reason: 'used' });
    expect(f.contacts.all()[0]!.status).toBe('replied');
    expect(await f.contacts.blocks.isBlocked(f.people.zhang.id, f.people.li.id)).toBe(false);
  });

  it('expires with the request: an answer after the validity is refused', async () => {
    const f = await contactFixture();
    const { answerToken } = await filedAndMailed(f);
    f.clock.advance(7 * DAY_MS);
    const r = await answerContactRequest(f.deps, { token: answerToken, answer: { kind: 'share', channel: 'phone', value: '13800001111' } });
    expect(!r.ok && r.error.params).toEqual({ reason: 'expired' });
    expect(f.contacts.all()[0]!.status).toBe('awaiting_consent');
  });

  it("refuses a genuinely signed link that names another request than its nonce's, and the settings link as an answer link", async () => {
    const f = await contactFixture();
    const a = await filedAndMailed(f);
    const other = await f.addFormer('e-other', '孙涛');
    const b = await file(f, 'belongings', other.id);
    const payloadA = f.signer.verify(a.answerToken);
    if (payloadA.state !== 'valid' || !b.ok) throw new Error('setup');
    const forged = f.signer.sign({ ...payloadA.payload, requestId: b.value.id });
    const r = await answerContactRequest(f.deps, { token: forged, answer: { kind: 'decline' } });
    expect(!r.ok && r.error.params).toEqual({ reason: 'mismatch' });
    const wrongPurpose = await answerContactRequest(f.deps, { token: a.settingsToken, answer: { kind: 'decline' } });
    expect(!wrongPurpose.ok && wrongPurpose.error.params).toEqual({ reason: 'mismatch' });
    expect(f.contacts.all().map((x) => x.status)).toEqual(['awaiting_consent', 'awaiting_consent']);
  });

  it('refuses an answer once HR or the requester closed the request', async () => {
    const f = await contactFixture();
    const { request, answerToken } = await filedAndMailed(f);
    await cancelContactRequest(f.deps, { requesterId: f.people.li.id, requestId: request.id, channel: 'bot' });
    const r = await answerContactRequest(f.deps, { token: answerToken, answer: { kind: 'reply', message: 'hi' } });
    expect(!r.ok && r.error.params).toEqual({ reason: 'closed' });
  });
});

describe('abuse limits', () => {
  it('allows one open request per requester and target', async () => {
    const f = await contactFixture();
    await file(f);
    const again = await file(f);
    expect(!again.ok && again.error.code).toBe('CONTACT.ALREADY_OPEN');
    expect(contactLog(f).at(-1)).toMatchObject({ outcome: 'denied', reasonCode: 'CONTACT_ALREADY_OPEN' });
  });

  it('allows at most three open requests per requester', async () => {
    const f = await contactFixture();
    for (const [id, name] of [['e-a', '甲一'], ['e-b', '乙二'], ['e-c', '丙三'], ['e-d', '丁四']] as const) await f.addFormer(id, name);
    for (const id of ['e-a', 'e-b', 'e-c']) expect((await file(f, 'belongings', id)).ok).toBe(true);
    const fourth = await file(f, 'belongings', 'e-d');
    expect(!fourth.ok && fourth.error.code).toBe('CONTACT.TOO_MANY_OPEN');
  });

  it('keeps a 30-day cool-down after a neutral ending, and none after a grant', async () => {
    const f = await contactFixture();
    const { answerToken } = await filedAndMailed(f);
    await answerContactRequest(f.deps, { token: answerToken, answer: { kind: 'decline' } });
    f.clock.advance(29 * DAY_MS);
    const soon = await file(f);
    expect(!soon.ok && soon.error.code).toBe('CONTACT.COOLDOWN');
    f.clock.advance(2 * DAY_MS);
    expect((await file(f)).ok).toBe(true);
  });

  it('refuses people who are not former colleagues — active staff, no overlapping tenure, anonymised — all alike', async () => {
    const f = await contactFixture();
    const early = await f.addFormer('e-early', '钱老', { hireDate: '2010-01-01', separation: { ...f.people.zhang.separation, departedAt: '2015-06-30T00:00:00.000Z' } });
    const gone = await f.addFormer('e-anon', '匿名', { anonymisedAt: '2026-01-01T00:00:00.000Z' });
    for (const id of [f.people.chen.id, early.id, gone.id, 'e-nobody']) {
      const r = await file(f, 'belongings', id);
      expect(!r.ok && r.error.code).toBe('CONTACT.NOT_ELIGIBLE');
    }
    expect(contactLog(f).filter((e) => e.reasonCode === 'CONTACT_NOT_ELIGIBLE')).toHaveLength(4);
  });

  it('rate-limits look-ups per hour and logs the refusal', async () => {
    const f = await contactFixture();
    for (let i = 0; i < 20; i++) expect((await findFormerColleagues(f.deps, { requesterId: f.people.li.id, name: '张伟', channel: 'bot' })).ok).toBe(true);
    const limited = await findFormerColleagues(f.deps, { requesterId: f.people.li.id, name: '张伟', channel: 'bot' });
    expect(!limited.ok && limited.error.code).toBe('CONTACT.RATE_LIMITED');
    expect(contactLog(f).at(-1)).toMatchObject({ reasonCode: 'CONTACT_RATE_LIMITED', outcome: 'denied' });
    f.clock.advance(60 * 60 * 1000 + 1);
    expect((await findFormerColleagues(f.deps, { requesterId: f.people.li.id, name: '张伟', channel: 'bot' })).ok).toBe(true);
  });
});

describe('finding a former colleague', () => {
  it('shows overlapping former colleagues by name, former department and departure month only', async () => {
    const f = await contactFixture();
    await f.addFormer('e-zhang2', '张伟伟', { departmentId: 'd-sales' });
    await f.addFormer('e-old', '张伟', { hireDate: '2001-01-01', separation: { ...f.people.zhang.separation, departedAt: '2005-01-01T00:00:00.000Z' } });
    const r = await findFormerColleagues(f.deps, { requesterId: f.people.li.id, name: '张伟', channel: 'bot' });
    expect(r.ok && r.value).toEqual([
      { id: 'e-zhang', name: '张伟', department: '研发部', departedMonth: '2025-12' },
      { id: 'e-zhang2', name: '张伟伟', department: '销售部', departedMonth: '2026-05' },
    ]);
  });
});
