import { randomBytes } from 'node:crypto';
import { cardSign, robotSign } from '../receivers/signature.js';
import type { DingTalkEmulator } from './emulator-server.js';
import { EMULATOR_HISTORY, remember } from './emulator-state.js';
import { MESSENGER_HTML, MESSENGER_JS } from './messenger-page.assets.js';

export interface PageUser {
  readonly userId: string;
  readonly name: string;
  readonly title: string;
  readonly status: string;
}

export interface MessengerPageOptions {
  readonly emulator: DingTalkEmulator;
  /** Seeded employees with a messenger account (through the Employees port). */
  readonly listUsers: () => Promise<PageUser[]>;
  readonly robotSecret: string;
  readonly cardSecret: string | undefined;
  readonly robotCode: string;
  readonly corpId: string;
}

export interface PageResponse {
  readonly status: number;
  readonly type: string;
  readonly body: string | object;
}

const ok = (body: object): PageResponse => ({ status: 200, type: 'application/json', body });
const bad = (message: string): PageResponse => ({ status: 400, type: 'application/json', body: { error: { code: 'DEV.BAD_REQUEST', message } } });
const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 && v.length <= 4000 ? v : null);

/**
 * /dev/messenger (demo mode only): chat as any seeded user. The page asks this server side to
 * build and sign a callback exactly as DingTalk would — the secret never reaches the browser —
 * then posts it itself to /dingtalk/robot or /dingtalk/card.
 */
export class MessengerPage {
  constructor(private readonly options: MessengerPageOptions) {}

  async handle(method: string, path: string, query: URLSearchParams, body: unknown): Promise<PageResponse | null> {
    const b = (body ?? {}) as Record<string, unknown>;
    const emu = this.options.emulator;
    switch (`${method} ${path}`) {
      case 'GET /dev/messenger':
        return { status: 200, type: 'text/html; charset=utf-8', body: MESSENGER_HTML };
      case 'GET /dev/messenger/app.js':
        return { status: 200, type: 'text/javascript; charset=utf-8', body: MESSENGER_JS };
      case 'GET /dev/messenger/api/users':
        return ok({ users: await this.options.listUsers() });
      case 'GET /dev/messenger/api/conversation': {
        const userId = query.get('userId') ?? '';
        return ok({ entries: emu.state.conversation(userId), mails: emu.state.mails.slice(-20) });
      }
      case 'POST /dev/messenger/api/compose': {
        const userId = str(b.userId);
        const text = str(b.text);
        if (!userId || !text) return bad('userId and text are required');
        return ok(this.compose(userId, text));
      }
      case 'POST /dev/messenger/api/card-press': {
        const userId = str(b.userId);
        const outTrackId = str(b.outTrackId);
        const actionId = str(b.actionId);
        if (!userId || !outTrackId || !actionId) return bad('userId, outTrackId and actionId are required');
        const params = typeof b.params === 'object' && b.params !== null ? b.params : {};
        return ok(this.cardPress(userId, outTrackId, actionId, params));
      }
      case 'POST /dev/messenger/api/card-applied': {
        // DingTalk applies the callback's answer to the card; the emulator's copy follows.
        const card = emu.state.cards.get(String(b.outTrackId));
        const params = (b.params ?? {}) as Record<string, unknown>;
        if (card) for (const [k, v] of Object.entries(params)) if (typeof v === 'string') card.params[k] = v;
        return ok({ ok: Boolean(card) });
      }
      default:
        return null;
    }
  }

  /** A robot callback body and headers, as the platform would send for this 1:1 message. */
  compose(userId: string, text: string): { headers: Record<string, string>; body: object } {
    const now = Date.now();
    const session = this.options.emulator.openSession(userId);
    remember(this.options.emulator.state.userMessages, { userId, at: now, text }, EMULATOR_HISTORY.userMessages);
    const timestamp = String(now);
    return {
      headers: { timestamp, sign: robotSign(timestamp, this.options.robotSecret) },
      body: {
        msgtype: 'text',
        text: { content: text },
        msgId: `msg${randomBytes(12).toString('base64url')}`,
        createAt: now,
        conversationType: '1',
        conversationId: `cid${randomBytes(8).toString('hex')}`,
        senderId: `$:LWCP_v1:$${randomBytes(12).toString('base64url')}`,
        senderStaffId: userId,
        senderCorpId: this.options.corpId,
        chatbotCorpId: this.options.corpId,
        robotCode: this.options.robotCode,
        isInAtList: true,
        sessionWebhook: session.url,
        sessionWebhookExpiredTime: session.expiresAt,
      },
    };
  }

  cardPress(userId: string, outTrackId: string, actionId: string, params: object): { headers: Record<string, string>; body: object } {
    const timestamp = String(Date.now());
    const secret = this.options.cardSecret;
    return {
      headers: secret ? { 'x-ddpaas-signature-timestamp': timestamp, 'x-ddpaas-signature': cardSign(timestamp, secret) } : {},
      body: {
        type: 'actionCallback',
        outTrackId,
        corpId: this.options.corpId,
        userId,
        content: JSON.stringify({ cardPrivateData: { actionIds: [actionId], params } }),
      },
    };
  }
}
