import { createServer, type AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ContactLinkIssuer } from '../../core/contact/contact-links.js';
import { LinkSigner } from '../../core/contact/link-token.js';
import { requestContact } from '../../core/contact/request-contact.use-case.js';
import type { Transactor } from '../../core/shared/unit-of-work.port.js';
import { PLATFORM_SERVICES } from '../../scripts/app/modules/platform.module.js';
import { contactKeys } from '../../storage/contact/index.js';
import { DemoApi } from '../security/support/demo-api.js';

/**
 * SMTP down: the real server (demo company, in-process) with SMTP_URL pointing at a port where
 * nothing listens. Li files a contact request to Zhang (a former employee), which mails him at the
 * address he chose; the mail waits in the outbox and is retried, then goes out exactly once when a
 * mail server appears on that port.
 */
async function until<T>(check: () => Promise<T | null | undefined | false>, timeoutMs: number): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}

const ZHANG_MAIL = 'zhangwei.personal@example.com';

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', () => r()));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((r) => probe.close(() => r()));
  return port;
}

describe('SMTP down', () => {
  let api: DemoApi;
  let port = 0;
  let smtp: SMTPServer | undefined;
  const received: string[][] = [];

  beforeAll(async () => {
    port = await freePort();
    api = await DemoApi.start({ SMTP_URL: `smtp://127.0.0.1:${port}`, MAIL_FROM: 'hr-bot@boundary.test' });
  }, 120_000);
  afterAll(async () => {
    await api?.close();
    await new Promise<void>((r) => (smtp ? smtp.close(() => r()) : r()));
  });

  it('keeps the mail in the outbox and retries while no mail server answers, then delivers it once', async () => {
    const s = api.server.services;
    const links = new ContactLinkIssuer(new LinkSigner(contactKeys(s.config.masterKey).link), s.config.publicBaseUrl);
    const filed = await requestContact(
      { tx: s.registry.get(PLATFORM_SERVICES.transactor) as Transactor, clock: s.clock, ids: s.ids, links },
      { requesterId: api.id('李娜'), targetId: api.id('张伟'), reason: 'belongings', message: '你的东西还在我这里，怎么还给你？', channel: 'miniapp', defaultLocale: 'zh-CN' },
    );
    expect(filed.ok).toBe(true);
    const mailRows = () => api.rows<{ id: number; status: string; attempts: number; last_error: string | null }>("select id, status, attempts, last_error from messaging_outbox where recipient_kind = 'former_employee_mail'");
    // Retried, not failed: still pending after several attempts, with an error code and no text.
    const retried = await until(async () => {
      const rows = await mailRows();
      return rows.length === 1 && rows[0]!.attempts >= 2 && rows[0]!.status === 'pending' ? rows[0] : null;
    }, 30_000);
    expect(retried.last_error).toMatch(/^[A-Z_.]+/);
    expect(retried.last_error).not.toContain(ZHANG_MAIL);

    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData: (stream, session, done) => {
        stream.resume();
        stream.on('end', () => {
          received.push(session.envelope.rcptTo.map((t) => t.address));
          done();
        });
      },
    });
    await new Promise<void>((ok) => smtp!.listen(port, '127.0.0.1', () => ok()));
    await until(async () => (await mailRows())[0]?.status === 'delivered', 90_000);
    await new Promise((done) => setTimeout(done, 1500));
    expect(received).toEqual([[ZHANG_MAIL]]);
    expect(await api.count('messaging_outbox', "status = 'dead'")).toBe(0);
  }, 150_000);
});
