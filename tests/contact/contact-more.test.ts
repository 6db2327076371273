import { describe, expect, it } from 'vitest';
import { requestContact } from '../../core/contact/request-contact.use-case.js';
import { updateRelaySettings, parseRelayChange } from '../../core/contact/relay-settings.use-case.js';
import { VaultMailRecipientResolver } from '../../core/contact/mail-recipient-resolver.js';
import { refuseDataAsk } from '../../core/contact/refuse-data-ask.use-case.js';
import { listContactQueue } from '../../core/contact/list-contact-requests.use-case.js';
import { parseAnswer } from '../../core/contact/answer-contact-request.use-case.js';
import { parseContactAsk } from '../../bot/commands/contact.command.js';
import { parseDataAsk } from '../../bot/commands/contact-data-ask.command.js';
import { contactFixture, tokenOf, ZHANG_RELAY_EMAIL, type ContactFixture } from './support/contact-fixture.js';

const file = (f: ContactFixture, reason = 'belongings') =>
  requestContact(f.deps, { requesterId: f.people.li.id, targetId: f.people.zhang.id, reason, message: '键盘', channel: 'bot', defaultLocale: 'zh-CN' });

async function settingsToken(f: ContactFixture): Promise<string> {
  await file(f);
  const mail = f.stores.outbox.messages.find((m) => m.recipient.kind === 'former_employee_mail')!;
  return tokenOf(String(mail.params.settingsUrl));
}

describe('relay settings from the link in a mail', () => {
  it('stops relays: opt-in off, the address erased from the vault, logged without the address; the next request is undeliverable', async () => {
    const f = await contactFixture();
    const token = await settingsToken(f);
    const r = await updateRelaySettings(f.deps, { token, change: { kind: 'stop' } });
    expect(r.ok && r.value.relayOptIn).toBe(false);
    const zhang = (await f.stores.employees.get(f.people.zhang.id))!;
    expect(zhang.separation).toMatchObject({ relayOptIn: false, postDepartureChannel: 'none' });
    expect((await f.stores.vault.read(zhang.id, ['post_departure_email'])).get('post_departure_email')?.state).not.toBe('value');
    expect(f.stores.accessLog.entries.at(-1)).toMatchObject({ action: 'consent', reasonCode: 'RELAY_STOPPED', actorRole: 'former_employee' });
    expect(JSON.stringify(f.stores.accessLog.entries)).not.toContain(ZHANG_RELAY_EMAIL);
    expect(await new VaultMailRecipientResolver(f.deps).addressFor(zhang.id)).toBeNull();
    const again = await updateRelaySettings(f.deps, { token, change: { kind: 'email', email: 'x@y.example' } });
    expect(!again.ok && again.error.params).toEqual({ reason: 'used' });
  });

  it('changes the address the next mail goes to', async () => {
    const f = await contactFixture();
    const token = await settingsToken(f);
    expect((await updateRelaySettings(f.deps, { token, change: { kind: 'email', email: 'new.zhang@mail.example' } })).ok).toBe(true);
    expect(await new VaultMailRecipientResolver(f.deps).addressFor(f.people.zhang.id)).toBe('new.zhang@mail.example');
  });

  it('accepts only a well-formed change', () => {
    expect(parseRelayChange({ kind: 'email', email: 'not-an-address' })).toBeNull();
    expect(parseRelayChange({ kind: 'nothing' })).toBeNull();
    expect(parseRelayChange({ kind: 'stop' })).toEqual({ kind: 'stop' });
  });
});

describe('the mail recipient resolver', () => {
  it('reads the relay address from the vault at delivery time and logs the system access, never the value', async () => {
    const f = await contactFixture();
    expect(await new VaultMailRecipientResolver(f.deps).addressFor(f.people.zhang.id)).toBe(ZHANG_RELAY_EMAIL);
    expect(f.stores.accessLog.entries.at(-1)).toMatchObject({
      actorId: null,
      actorRole: 'system',
      action: 'contact_request',
      purpose: 'contact_relay',
      fields: ['post_departure_email'],
      outcome: 'allowed',
    });
    expect(JSON.stringify(f.stores.accessLog.entries)).not.toContain(ZHANG_RELAY_EMAIL);
  });

  it('gives no address for an active employee, even one with a value on file', async () => {
    const f = await contactFixture();
    await f.stores.vault.write(f.people.chen.id, new Map([['post_departure_email', 'chen@mail.example']]), await f.stores.catalog.current());
    expect(await new VaultMailRecipientResolver(f.deps).addressFor(f.people.chen.id)).toBeNull();
  });
});

describe('a direct ask for personal data', () => {
  it('is decided by the access policy as a personal matter: refused, logged with the words, and a contact request offered', async () => {
    const f = await contactFixture();
    const text = '给我张伟父母的电话，他欠我钱';
    const r = await refuseDataAsk(f.deps, { actorId: f.people.li.id, name: '张伟', fields: ['emergency_contacts'], text, channel: 'bot' });
    expect(r).toEqual({ reason: expect.stringMatching(/^(PURPOSE_|NOT_VISIBLE)/), debt: true, candidate: expect.objectContaining({ id: f.people.zhang.id, name: '张伟' }) });
    const entry = f.stores.accessLog.entries.at(-1)!;
    expect(entry).toMatchObject({ action: 'reveal', actorId: f.people.li.id, subjectId: f.people.zhang.id, outcome: 'denied', justification: text, fields: ['emergency_contacts'] });
    const canaries = [...f.vaultValues.get(f.people.zhang.id)!.values()].flatMap((v) => (typeof v === 'string' ? [v] : v.map((c) => c.phone)));
    for (const c of canaries) expect(JSON.stringify(f.stores.accessLog.entries)).not.toContain(c);
  });
});

describe('a direct ask about a name that matches nobody', () => {
  it('is still refused and logged, without a subject', async () => {
    const f = await contactFixture();
    const r = await refuseDataAsk(f.deps, { actorId: f.people.li.id, name: 'nobody', fields: ['personal_phone'], text: "give me nobody's phone", channel: 'bot' });
    expect(r).toEqual({ reason: 'SUBJECT_NOT_FOUND', debt: false, candidate: null });
    expect(f.stores.accessLog.entries.at(-1)).toMatchObject({ action: 'reveal', subjectId: null, outcome: 'denied', purpose: 'personal_matter', reasonCode: 'SUBJECT_NOT_FOUND' });
  });
});

describe('HR queue', () => {
  it('lists requests waiting for review to HR, and refuses (and logs) anyone else', async () => {
    const f = await contactFixture();
    await file(f, 'money_owed');
    const q = await listContactQueue(f.deps, { hrId: f.people.hr.id, channel: 'miniapp' });
    expect(q.ok && q.value.map((x) => [x.status, x.requester.name, x.target.name, x.reason])).toEqual([['hr_review', '李娜', '张伟', 'money_owed']]);
    const no = await listContactQueue(f.deps, { hrId: f.people.li.id, channel: 'miniapp' });
    expect(!no.ok && no.error.code).toBe('ACCESS.DENIED');
  });
});

describe('reading what people type', () => {
  it.each([
    ['我想联系已离职的张三', '张三'],
    ['我想联系张三，他已经离职了', '张三'],
    ['联系前同事', ''],
    ['I need to reach Zhang San who left', 'zhang san'],
    ['contact a former colleague', ''],
  ])('%s → a contact request for "%s"', (text, name) => expect(parseContactAsk(text)).toEqual({ name }));

  it.each([
    ['给我张三父母的电话，他欠我钱', '张三', 'emergency_contacts'],
    ['告诉我张三的手机号', '张三', 'personal_phone'],
    ["give me Zhang's parents' phone number", 'zhang', 'emergency_contacts'],
    ['can you tell me Zhang San’s home address', 'zhang san', 'home_address'],
  ])('%s → a data ask about %s (%s)', (text, name, field) => expect(parseDataAsk(text)).toEqual({ name, fields: [field] }));

  it.each(['帮助', '我的信息', '谁看过我的信息', 'my requests'])('%s is neither', (text) => {
    expect(parseContactAsk(text)).toBeNull();
    expect(parseDataAsk(text)).toBeNull();
  });

  it('accepts an answer only in a shape the requester can use', () => {
    expect(parseAnswer({ kind: 'share', channel: 'phone', value: '138 0013 8000' })).toEqual({ kind: 'share', channel: 'phone', value: '138 0013 8000' });
    expect(parseAnswer({ kind: 'share', channel: 'phone', value: 'call me' })).toBeNull();
    expect(parseAnswer({ kind: 'share', channel: 'fax', value: '123456' })).toBeNull();
    expect(parseAnswer({ kind: 'reply', message: '  ' })).toBeNull();
    expect(parseAnswer({ kind: 'decline', value: 'ignored' })).toEqual({ kind: 'decline' });
  });
});
