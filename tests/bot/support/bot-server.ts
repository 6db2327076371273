import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import BetterSqlite from 'better-sqlite3';
import { DingTalkEmulator } from '../../../bot/emulator/emulator-server.js';
import { robotSign } from '../../../bot/receivers/signature.js';
import { startServerProcess, type ServerProcess } from '../../support/server-process.js';

export const CLIENT_ID = 'ding-e2e-app';
export const CLIENT_SECRET = 'e2e-client-secret-value';
export const CARD_SECRET = 'e2e-card-callback-secret';

/** A non-demo server process pointed at an emulator running in the test process, on a temp SQLite file. */
export class BotServerHarness {
  readonly dir = mkdtempSync(join(tmpdir(), 'boundary-bot-e2e-'));
  readonly dbFile = join(this.dir, 'boundary.sqlite');
  readonly emulator = new DingTalkEmulator({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET });
  server: ServerProcess | undefined;

  async start(): Promise<ServerProcess> {
    if (!this.emulator.baseUrl) await this.emulator.start();
    this.server = await startServerProcess({
      BOUNDARY_CWD: this.dir,
      BOUNDARY_DATA_DIR: join(this.dir, 'data'),
      DATABASE_URL: this.dbFile,
      DINGTALK_CLIENT_ID: CLIENT_ID,
      DINGTALK_CLIENT_SECRET: CLIENT_SECRET,
      DINGTALK_CORP_ID: 'ding-e2e-corp',
      DINGTALK_AGENT_ID: '42',
      DINGTALK_API_BASE: this.emulator.baseUrl,
      DINGTALK_OAPI_BASE: this.emulator.baseUrl,
      DINGTALK_CARD_TEMPLATE_ID: 'e2e.schema',
      DINGTALK_CARD_CALLBACK_SECRET: CARD_SECRET,
      BOUNDARY_MASTER_KEY: randomBytes(32).toString('base64'),
      AUDIT_SIGNING_KEY: randomBytes(32).toString('base64'),
      PUBLIC_BASE_URL: 'http://127.0.0.1:9',
      SMTP_URL: 'smtp://127.0.0.1:9',
      MAIL_FROM: 'hr@e2e.example',
    }, 90_000); // a shared, busy 2-core machine can take a while to start tsx
    return this.server;
  }

  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    await this.server?.stop(signal);
    this.server = undefined;
  }

  async close(): Promise<void> {
    await this.stop('SIGKILL');
    await this.emulator.stop();
  }

  /** Row count in the server's database, read through a separate read-only connection. */
  count(table: string, where = '1=1'): number {
    const db = new BetterSqlite(this.dbFile, { readonly: true, fileMustExist: true });
    try {
      return (db.prepare(`select count(*) as n from ${table} where ${where}`).get() as { n: number }).n;
    } finally {
      db.close();
    }
  }

  /** A robot callback exactly as DingTalk sends it: headers timestamp + sign, JSON body. */
  robotRequest(userId: string, text: string, options: { msgId?: string; timestamp?: number; secret?: string } = {}) {
    const ts = String(options.timestamp ?? Date.now());
    const session = this.emulator.openSession(userId);
    const body = JSON.stringify({
      msgtype: 'text',
      text: { content: ` ${text}` },
      msgId: options.msgId ?? `msg-${randomUUID()}`,
      createAt: Date.now(),
      conversationType: '1',
      conversationId: 'cid-e2e',
      senderId: '$:LWCP_v1:$abc',
      senderNick: 'E2E',
      senderStaffId: userId,
      robotCode: CLIENT_ID,
      sessionWebhook: session.url,
      sessionWebhookExpiredTime: session.expiresAt,
    });
    return { headers: { 'content-type': 'application/json; charset=utf-8', timestamp: ts, sign: robotSign(ts, options.secret ?? CLIENT_SECRET) }, body };
  }

  post(path: string, req: { headers: Record<string, string>; body: string }): Promise<Response> {
    return fetch(`${this.server!.baseUrl}${path}`, { method: 'POST', headers: req.headers, body: req.body });
  }

  /** How many replies the bot sent to this user (session or OpenAPI). */
  repliesTo(userId: string): number {
    return this.emulator.state.conversation(userId).filter((e) => e.from === 'bot').length;
  }
}

export { eventually } from '../../support/eventually.js';
