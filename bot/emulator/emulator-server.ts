import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EMULATOR_HISTORY, EmulatorState, remember, rememberKey, type EmulatedUser, type RecordedCall } from './emulator-state.js';
import { EventPusher, type EmulatedEvent } from './event-pusher.js';
import type { EventCryptoOptions } from '../receivers/event-crypto.js';

export interface EmulatorOptions {
  readonly clientId: string;
  readonly clientSecret: string;
  /** The directory (/topapi/v2/user/get); demo mode reads the seeded employees. */
  readonly findUser?: (userId: string) => Promise<EmulatedUser | null>;
  readonly host?: string;
  readonly port?: number;
  /** The app's event subscription (token, aes_key, owner key): lets the emulator push events. */
  readonly events?: EventCryptoOptions & { readonly corpId: string };
}

type Reply = { status: number; body: unknown };
const json = (status: number, body: unknown): Reply => ({ status, body });
const apiErr = (status: number, code: string, message: string): Reply =>
  json(status, { code, message, requestid: `emu-${Date.now().toString(36)}` });
const oapiErr = (errcode: number, errmsg: string): Reply => json(200, { errcode, errmsg, request_id: 'emu' });

/**
 * A small HTTP server implementing the subset of the DingTalk open platform Boundary uses,
 * recording every call. It backs demo mode and the end-to-end tests; `/__emulator/*` lets a
 * test inspect calls, cause an outage, inject failures and throttle users.
 */
export class DingTalkEmulator {
  readonly state = new EmulatorState();
  /** Signed, encrypted event pushes to the app (set `events.target` once the app listens). */
  readonly events: EventPusher | undefined;
  private server: Server | null = null;
  private base = '';

  constructor(private readonly options: EmulatorOptions) {
    this.events = options.events ? new EventPusher(options.events, options.events.corpId) : undefined;
  }

  get baseUrl(): string {
    return this.base;
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(this.options.port ?? 0, this.options.host ?? '127.0.0.1', () => resolve());
    });
    const { port } = this.server.address() as AddressInfo;
    this.base = `http://${this.options.host ?? '127.0.0.1'}:${port}`;
    return this.base;
  }

  async stop(): Promise<void> {
    const s = this.server;
    this.server = null;
    if (!s) return;
    s.closeAllConnections();
    await new Promise<void>((r) => s.close(() => r()));
  }

  /** A session webhook URL for a chat, as DingTalk puts in each robot callback. */
  openSession(userId: string, ttlMs?: number): { url: string; expiresAt: number } {
    const { session, expiresAt } = this.state.openSession(userId, ttlMs);
    return { url: `${this.base}/robot/sendBySession?session=${session}`, expiresAt };
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://emulator');
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    let body: unknown = undefined;
    const raw = Buffer.concat(chunks).toString('utf8');
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      body = raw;
    }
    const method = req.method ?? 'GET';
    let reply: Reply;
    if (url.pathname.startsWith('/__emulator/events/')) reply = await this.eventControl(method, url.pathname, body);
    else if (url.pathname.startsWith('/__emulator/')) reply = this.control(method, url, body);
    else {
      const call = this.state.record(method, url.pathname, Object.fromEntries(url.searchParams), redact(url.pathname, body));
      reply = await this.platform(method, url, body, req);
      call.status = reply.status;
    }
    res.writeHead(reply.status, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(reply.body ?? {}));
  }

  private async platform(method: string, url: URL, body: unknown, req: IncomingMessage): Promise<Reply> {
    const s = this.state;
    const path = url.pathname;
    if (Date.now() < s.outageUntil) return apiErr(503, 'ServiceUnavailable', 'emulated outage');
    const injected = s.takeFailure(path);
    if (injected) return json(injected.status, injected.body);
    const b = (body ?? {}) as Record<string, unknown>;

    if (method === 'POST' && path === '/v1.0/oauth2/accessToken') {
      if (b.appKey !== this.options.clientId || b.appSecret !== this.options.clientSecret)
        return apiErr(400, 'invalidClientIdOrSecret', '无效的clientId或clientSecret');
      return json(200, s.issueToken());
    }
    if (method === 'POST' && path === '/robot/sendBySession') {
      const session = s.sessions.get(url.searchParams.get('session') ?? '');
      if (!session || session.expiresAt < Date.now()) return oapiErr(300001, 'session 不存在');
      return oapiErr(0, 'ok');
    }
    if (path.startsWith('/topapi/')) {
      if (!s.tokenValid(url.searchParams.get('access_token'))) return oapiErr(40014, '不合法的access_token');
      return this.topapi(path, b);
    }
    if (!s.tokenValid(req.headers['x-acs-dingtalk-access-token'] as string | undefined))
      return apiErr(400, 'InvalidAuthentication', '不合法的access_token');

    if (method === 'POST' && path === '/v1.0/robot/oToMessages/batchSend') {
      const userIds = Array.isArray(b.userIds) ? (b.userIds as string[]) : [];
      if (!userIds.length) return apiErr(400, 'miss.param.userIds', 'userIds is required');
      if (userIds.length > 20) return apiErr(400, 'invalidParameter.userIds.overMax', 'userIds over max 20');
      if (typeof b.msgParam !== 'string' || !isJson(b.msgParam)) return apiErr(400, 'invalidParameter.msgParam.invalid', 'msgParam must be JSON');
      const limited = userIds.filter((u) => {
        const n = s.flowControl.get(u) ?? 0;
        if (n > 0) s.flowControl.set(u, n - 1);
        return n > 0;
      });
      return json(200, { processQueryKey: `pq-${Date.now()}`, invalidStaffIdList: [], flowControlledStaffIdList: limited });
    }
    if (method === 'POST' && path === '/v1.0/robot/groupMessages/send') {
      if (typeof b.openConversationId !== 'string') return apiErr(400, 'invalid.openConversationId', 'openConversationId');
      return json(200, { processQueryKey: `pq-${Date.now()}` });
    }
    if (method === 'POST' && path === '/v1.0/card/instances/createAndDeliver') {
      const space = String(b.openSpaceId ?? '');
      const m = /^dtv1\.card\/\/IM_ROBOT\.(.+)$/.exec(space);
      const params = ((b.cardData as { cardParamMap?: Record<string, string> } | undefined)?.cardParamMap ?? {}) as Record<string, string>;
      if (!m || typeof b.outTrackId !== 'string') return apiErr(400, 'invalidParameter', 'openSpaceId/outTrackId');
      if (Object.values(params).some((v) => typeof v !== 'string')) return apiErr(400, 'invalidParameter.cardParamMap', 'values must be strings');
      if (s.cards.has(b.outTrackId)) return apiErr(400, 'outTrackId.exist', 'outTrackId already used');
      rememberKey(s.cards, b.outTrackId, { userId: m[1]!, params: { ...params }, at: Date.now() }, EMULATOR_HISTORY.cards);
      return json(200, { success: true, result: { outTrackId: b.outTrackId, deliverResults: [{ spaceType: 'IM_ROBOT', spaceId: m[1], success: true }] } });
    }
    if (method === 'PUT' && path === '/v1.0/card/instances') {
      const card = s.cards.get(String(b.outTrackId));
      if (!card) return apiErr(400, 'card.notFound', 'unknown outTrackId');
      const params = (b.cardData as { cardParamMap?: Record<string, string> } | undefined)?.cardParamMap ?? {};
      card.params = (b.cardUpdateOptions as { updateCardDataByKey?: boolean } | undefined)?.updateCardDataByKey
        ? { ...card.params, ...params }
        : { ...params };
      return json(200, { success: true, result: true });
    }
    if (method === 'POST' && path === '/v1.0/card/callbacks/register') {
      if (typeof b.callbackRouteKey !== 'string' || typeof b.callbackUrl !== 'string') return apiErr(400, 'invalidParameter', 'callbackRouteKey/callbackUrl');
      return json(200, { result: { callbackUrl: b.callbackUrl, apiSecret: '' } });
    }
    return apiErr(404, 'NotFound', `no emulated API ${method} ${path}`);
  }

  private async topapi(path: string, b: Record<string, unknown>): Promise<Reply> {
    if (path === '/topapi/v2/user/getuserinfo') {
      const userId = this.state.redeemAuthCode(String(b.code ?? ''));
      if (!userId) return oapiErr(40078, '不存在的临时授权码');
      const user = await this.options.findUser?.(userId);
      return json(200, { errcode: 0, errmsg: 'ok', result: { userid: userId, name: user?.name ?? '', sys_level: 0 } });
    }
    if (path === '/topapi/v2/user/get') {
      const user = await this.options.findUser?.(String(b.userid ?? ''));
      if (!user) return oapiErr(33012, '无效的USERID');
      return json(200, { errcode: 0, errmsg: 'ok', result: { ...user, active: true } });
    }
    return oapiErr(404, `no emulated API ${path}`);
  }

  /**
   * `POST /__emulator/events/push` {type, userIds, eventId?, timestamp?} delivers an event to the
   * app as DingTalk would; `…/build` returns the signed request instead (tests tamper with it).
   */
  private async eventControl(method: string, path: string, body: unknown): Promise<Reply> {
    const b = (body ?? {}) as Record<string, unknown>;
    if (!this.events) return json(404, { error: 'events are not configured' });
    const userIds = Array.isArray(b.userIds) ? b.userIds.filter((u): u is string => typeof u === 'string') : [];
    const event: EmulatedEvent = {
      type: typeof b.type === 'string' ? b.type : 'user_leave_org',
      userIds,
      ...(typeof b.eventId === 'string' ? { eventId: b.eventId } : {}),
      ...(typeof b.timestamp === 'number' ? { timestamp: b.timestamp } : {}),
    };
    if (method === 'POST' && path === '/__emulator/events/build') return json(200, this.events.build(event));
    if (method === 'POST' && path === '/__emulator/events/push') {
      try {
        return json(200, await this.events.push(event));
      } catch (e) {
        return json(502, { error: (e as Error).message });
      }
    }
    return json(404, { error: 'unknown control endpoint' });
  }

  private control(method: string, url: URL, body: unknown): Reply {
    const s = this.state;
    const b = (body ?? {}) as Record<string, unknown>;
    switch (`${method} ${url.pathname}`) {
      case 'GET /__emulator/calls': {
        const path = url.searchParams.get('path');
        return json(200, { calls: path ? s.calls.filter((c: RecordedCall) => c.path === path) : s.calls });
      }
      case 'POST /__emulator/outage':
        s.outageUntil = typeof b.until === 'number' ? b.until : Date.now() + Number(b.forMs ?? 0);
        return json(200, { outageUntil: s.outageUntil });
      case 'POST /__emulator/fail':
        s.failures.push({ path: String(b.path), status: Number(b.status ?? 500), body: b.body ?? {}, times: Number(b.times ?? 1) });
        return json(200, { ok: true });
      case 'POST /__emulator/flow-control':
        s.flowControl.set(String(b.userId), Number(b.times ?? 1));
        return json(200, { ok: true });
      case 'POST /__emulator/session':
        return json(200, this.openSession(String(b.userId), typeof b.ttlMs === 'number' ? b.ttlMs : undefined));
      case 'POST /__emulator/auth-code':
        return json(200, { code: s.issueAuthCode(String(b.userId)) });
      case 'POST /__emulator/expire-tokens':
        s.tokens.clear();
        return json(200, { ok: true });
      case 'GET /__emulator/conversation':
        return json(200, { entries: s.conversation(url.searchParams.get('userId') ?? '') });
      case 'POST /__emulator/mail':
        remember(s.mails, { at: Date.now(), to: String(b.to), subject: String(b.subject), text: String(b.text) }, EMULATOR_HISTORY.mails);
        return json(200, { ok: true });
      case 'GET /__emulator/mails':
        return json(200, { mails: s.mails });
      default:
        return json(404, { error: 'unknown control endpoint' });
    }
  }
}

const isJson = (s: string) => {
  try {
    JSON.parse(s);
    return true;
  } catch {
    return false;
  }
};

/** The recorded token request never keeps the app secret. */
function redact(path: string, body: unknown): unknown {
  if (path === '/v1.0/oauth2/accessToken' && body && typeof body === 'object') return { ...body, appSecret: '[redacted]' };
  if (path === '/v1.0/card/callbacks/register' && body && typeof body === 'object') return { ...body, apiSecret: '[redacted]' };
  return body;
}
