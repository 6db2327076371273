import { copyFileSync, cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import BetterSqlite from 'better-sqlite3';
import { SMTPServer } from 'smtp-server';
import { DingTalkEmulator } from '../../../bot/emulator/emulator-server.js';
import type { ChatEntry } from '../../../bot/emulator/emulator-state.js';
import { cardSign, robotSign } from '../../../bot/receivers/signature.js';
import { ROOT, startServerProcess, TSX_IMPORT, type ServerProcess } from '../../support/server-process.js';
import { eventually } from '../../support/eventually.js';

export const CLIENT_ID = 'ding-contact-e2e';
export const CLIENT_SECRET = 'contact-e2e-client-secret';
export const CARD_SECRET = 'contact-e2e-card-callback-secret';
export const MASTER_KEY = randomBytes(32).toString('base64');

export interface CapturedMail {
  readonly envelopeTo: readonly string[];
  readonly raw: string;
  /** The decoded text body (base64 or quoted-printable undone). */
  readonly text: string;
}

/** The decoded body of a single-part text mail as nodemailer writes it. */
export function decodeMail(raw: string): string {
  const split = raw.indexOf('\r\n\r\n');
  const headers = raw.slice(0, split);
  const body = raw.slice(split + 4);
  const encoding = /content-transfer-encoding:\s*([\w-]+)/i.exec(headers)?.[1]?.toLowerCase();
  if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding === 'quoted-printable') {
    const bytes = body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
  }
  return body;
}

/** A real SMTP server on 127.0.0.1 that keeps every mail it receives. */
export class MailCatcher {
  readonly mails: CapturedMail[] = [];
  private readonly server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData: (stream, session, done) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        this.mails.push({ envelopeTo: session.envelope.rcptTo.map((r) => r.address), raw, text: decodeMail(raw) });
        done();
      });
    },
  });
  port = 0;

  async start(): Promise<void> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', () => r()));
    this.port = (this.server.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    await new Promise<void>((r) => this.server.close(() => r()));
  }
}

export interface StoryEnv {
  readonly dir: string;
  readonly dbFile: string;
  readonly env: Record<string, string>;
}

/** Environment of a non-demo server pointed at the test's emulator and SMTP server. */
export function storyEnv(emulatorBase: string, smtpPort: number, locale: 'zh-CN' | 'en', from?: StoryEnv): StoryEnv {
  const dir = mkdtempSync(join(tmpdir(), 'boundary-contact-e2e-'));
  const file = join(dir, 'boundary.sqlite');
  // A copy of the seeded database and its data dir (key material outside the database lives there).
  if (from) {
    copyFileSync(from.dbFile, file);
    if (existsSync(join(from.dir, 'data'))) cpSync(join(from.dir, 'data'), join(dir, 'data'), { recursive: true });
  }
  return {
    dir,
    dbFile: file,
    env: {
      BOUNDARY_CWD: dir,
      BOUNDARY_DATA_DIR: join(dir, 'data'),
      DATABASE_URL: file,
      DINGTALK_CLIENT_ID: CLIENT_ID,
      DINGTALK_CLIENT_SECRET: CLIENT_SECRET,
      DINGTALK_CORP_ID: 'ding-contact-corp',
      DINGTALK_AGENT_ID: '42',
      DINGTALK_API_BASE: emulatorBase,
      DINGTALK_OAPI_BASE: emulatorBase,
      DINGTALK_CARD_TEMPLATE_ID: 'contact-e2e.schema',
      DINGTALK_CARD_CALLBACK_SECRET: CARD_SECRET,
      BOUNDARY_MASTER_KEY: MASTER_KEY,
      AUDIT_SIGNING_KEY: randomBytes(32).toString('base64'),
      PUBLIC_BASE_URL: 'http://hr.boundary.test',
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      MAIL_FROM: 'hr-bot@boundary.test',
      BOUNDARY_LOCALE: locale,
      LOG_LEVEL: 'info',
    },
  };
}

/** Seeds the demo company into a fresh database through the real `seed` command. */
export function seedDatabase(env: StoryEnv): void {
  const run = spawnSync(process.execPath, ['--import', TSX_IMPORT, resolve(ROOT, 'scripts/cli.ts'), 'seed', '--force'], {
    cwd: env.dir,
    env: { PATH: process.env.PATH ?? '', ...env.env },
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`seed failed: ${run.stdout}\n${run.stderr}`);
}

export const csrfOf = (html: string): string => /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

export const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

export { eventually };

/** One story run: a server process on a copy of the seeded database, with chat helpers. */
export class StoryRun {
  server!: ServerProcess;
  /** Every page the former employee was shown (for the leak check). */
  readonly pages: string[] = [];

  constructor(
    readonly emulator: DingTalkEmulator,
    readonly env: StoryEnv,
    readonly locale: 'zh-CN' | 'en',
  ) {}

  async start(): Promise<void> {
    this.server = await startServerProcess(this.env.env);
  }

  async stop(): Promise<void> {
    await this.server?.stop('SIGTERM');
    rmSync(this.env.dir, { recursive: true, force: true });
  }

  bot(userId: string): ChatEntry[] {
    return this.emulator.state.conversation(userId).filter((e) => e.from === 'bot');
  }

  /** Sends a chat message as the messenger would, and waits for the bot's next message(s). */
  async say(userId: string, text: string, expectReplies = 1): Promise<ChatEntry[]> {
    const before = this.bot(userId).length;
    this.emulator.state.userMessages.push({ userId, at: Date.now(), text });
    const ts = String(Date.now());
    const session = this.emulator.openSession(userId);
    const res = await fetch(`${this.server.baseUrl}/dingtalk/robot`, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', timestamp: ts, sign: robotSign(ts, CLIENT_SECRET) },
      body: JSON.stringify({
        msgtype: 'text',
        text: { content: text },
        msgId: `msg-${randomUUID()}`,
        createAt: Date.now(),
        conversationType: '1',
        conversationId: `cid-${userId}`,
        senderId: '$:LWCP_v1:$contact',
        senderStaffId: userId,
        robotCode: CLIENT_ID,
        sessionWebhook: session.url,
        sessionWebhookExpiredTime: session.expiresAt,
      }),
    });
    if (res.status !== 200) throw new Error(`robot callback answered ${res.status}`);
    return this.nextReplies(userId, before, expectReplies);
  }

  async nextReplies(userId: string, before: number, count: number): Promise<ChatEntry[]> {
    return eventually(() => {
      const all = this.bot(userId);
      return all.length >= before + count ? all.slice(before) : null;
    });
  }

  /** Presses a card button (found by action id and, optionally, a parameter) as DingTalk would post it. */
  async press(userId: string, card: ChatEntry, actionId: string, match: Record<string, string> = {}, expectReplies = 1): Promise<ChatEntry[]> {
    const buttons = JSON.parse(card.params?.buttons ?? '[]') as { id: string; params: Record<string, string> }[];
    const button = buttons.find((b) => b.id === actionId && Object.entries(match).every(([k, v]) => b.params[k] === v));
    if (!button) throw new Error(`no button ${actionId} ${JSON.stringify(match)} on card ${card.params?.title}`);
    const before = this.bot(userId).length;
    const ts = String(Date.now());
    const res = await fetch(`${this.server.baseUrl}/dingtalk/card`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-ddpaas-signature-timestamp': ts, 'x-ddpaas-signature': cardSign(ts, CARD_SECRET) },
      body: JSON.stringify({
        type: 'actionCallback',
        outTrackId: card.outTrackId,
        corpId: 'ding-contact-corp',
        userId,
        content: JSON.stringify({ cardPrivateData: { actionIds: [actionId], params: button.params } }),
      }),
    });
    if (res.status !== 200) throw new Error(`card callback answered ${res.status}`);
    return this.nextReplies(userId, before, expectReplies);
  }

  /** Opens a link from a mail against this server (the mail names the public base URL). */
  async open(url: string, init?: RequestInit): Promise<{ status: number; html: string }> {
    const path = new URL(url).pathname;
    const headers = { 'accept-language': this.locale === 'en' ? 'en-US,en;q=0.9' : 'zh-CN,zh;q=0.9', ...(init?.headers as Record<string, string> | undefined) };
    const res = await fetch(`${this.server.baseUrl}${path}${new URL(url).search}`, { ...init, headers });
    const html = await res.text();
    this.pages.push(html);
    return { status: res.status, html };
  }

  /** Submits the page's form the way a browser would (urlencoded, with its CSRF field). */
  async submit(url: string, fields: Record<string, string>, knownCsrf?: string): Promise<{ status: number; html: string }> {
    const csrf = knownCsrf ?? csrfOf((await this.open(url)).html);
    const path = new URL(url).pathname;
    return this.open(`http://x${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrf, ...fields }).toString(),
    });
  }

  query<T = Record<string, unknown>>(sql: string, params: unknown[] = []): T[] {
    const db = new BetterSqlite(this.env.dbFile, { readonly: true, fileMustExist: true });
    try {
      return db.prepare(sql).all(...params) as T[];
    } finally {
      db.close();
    }
  }
}
