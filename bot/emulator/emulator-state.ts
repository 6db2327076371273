import { randomBytes } from 'node:crypto';

export interface RecordedCall {
  readonly seq: number;
  readonly at: number;
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly body: unknown;
  /** The HTTP status the emulator answered. */
  status: number;
}

export interface ChatEntry {
  readonly at: number;
  readonly from: 'user' | 'bot';
  readonly kind: 'text' | 'card';
  readonly title?: string;
  readonly text?: string;
  readonly outTrackId?: string;
  readonly params?: Record<string, string>;
}

export interface EmulatedUser {
  readonly userid: string;
  readonly name: string;
  readonly title?: string;
}

export interface InjectedFailure {
  readonly path: string;
  readonly status: number;
  readonly body: unknown;
  times: number;
}

const id = (bytes = 16) => randomBytes(bytes).toString('base64url');

/**
 * How much history the emulator keeps. It runs inside the demo server, so a long session (or a
 * soak) must not grow it without end; the newest entries are what the demo page and tests read.
 */
export const EMULATOR_HISTORY = { calls: 10_000, userMessages: 5_000, mails: 1_000, cards: 5_000, sessions: 5_000 } as const;

/** Appends, dropping the oldest beyond `max` (in steps of a tenth, so trimming stays cheap). */
export function remember<T>(list: T[], item: T, max: number): void {
  list.push(item);
  if (list.length > max + Math.ceil(max / 10)) list.splice(0, list.length - max);
}

/** Sets, dropping the oldest keys (insertion order) beyond `max`. */
export function rememberKey<K, V>(map: Map<K, V>, key: K, value: V, max: number): void {
  map.delete(key);
  map.set(key, value);
  if (map.size <= max) return;
  for (const k of map.keys()) {
    map.delete(k);
    if (map.size <= max) break;
  }
}

/** Everything the emulator remembers; the HTTP layer reads and changes it. */
export class EmulatorState {
  readonly calls: RecordedCall[] = [];
  readonly tokens = new Map<string, number>();
  readonly sessions = new Map<string, { userId: string; expiresAt: number }>();
  readonly authCodes = new Map<string, { userId: string; expiresAt: number }>();
  readonly cards = new Map<string, { userId: string; params: Record<string, string>; at: number }>();
  readonly userMessages: Array<{ userId: string; at: number; text: string }> = [];
  readonly mails: Array<{ at: number; to: string; subject: string; text: string }> = [];
  readonly flowControl = new Map<string, number>();
  failures: InjectedFailure[] = [];
  outageUntil = 0;
  tokenLifetimeSeconds = 7200;
  private seq = 0;

  record(method: string, path: string, query: Record<string, string>, body: unknown): RecordedCall {
    const call: RecordedCall = { seq: ++this.seq, at: Date.now(), method, path, query, body, status: 0 };
    remember(this.calls, call, EMULATOR_HISTORY.calls);
    return call;
  }

  issueToken(): { accessToken: string; expireIn: number } {
    const token = id();
    // Expired tokens are refused anyway; forgetting them keeps the map small.
    for (const [t, exp] of this.tokens) if (exp <= Date.now()) this.tokens.delete(t);
    this.tokens.set(token, Date.now() + this.tokenLifetimeSeconds * 1000);
    return { accessToken: token, expireIn: this.tokenLifetimeSeconds };
  }

  tokenValid(token: string | undefined | null): boolean {
    const exp = token ? this.tokens.get(token) : undefined;
    return exp !== undefined && exp > Date.now();
  }

  openSession(userId: string, ttlMs = 90 * 60_000): { session: string; expiresAt: number } {
    const session = id();
    const expiresAt = Date.now() + ttlMs;
    rememberKey(this.sessions, session, { userId, expiresAt }, EMULATOR_HISTORY.sessions);
    return { session, expiresAt };
  }

  issueAuthCode(userId: string): string {
    const code = id(12);
    for (const [c, v] of this.authCodes) if (v.expiresAt <= Date.now()) this.authCodes.delete(c);
    this.authCodes.set(code, { userId, expiresAt: Date.now() + 5 * 60_000 });
    return code;
  }

  /** Single-use, five minutes: like DingTalk's requestAuthCode codes. */
  redeemAuthCode(code: string): string | null {
    const c = this.authCodes.get(code);
    this.authCodes.delete(code);
    return c && c.expiresAt > Date.now() ? c.userId : null;
  }

  takeFailure(path: string): InjectedFailure | null {
    const f = this.failures.find((x) => x.path === path && x.times > 0);
    if (!f) return null;
    f.times -= 1;
    this.failures = this.failures.filter((x) => x.times > 0);
    return f;
  }

  /** What a user's 1:1 chat with the robot shows, oldest first. */
  conversation(userId: string): ChatEntry[] {
    const out: ChatEntry[] = this.userMessages
      .filter((m) => m.userId === userId)
      .map((m) => ({ at: m.at, from: 'user', kind: 'text', text: m.text }));
    for (const c of this.calls) {
      if (c.status !== 200) continue;
      const b = (c.body ?? {}) as Record<string, unknown>;
      if (c.path === '/v1.0/robot/oToMessages/batchSend' && Array.isArray(b.userIds) && b.userIds.includes(userId)) {
        const p = JSON.parse(String(b.msgParam)) as { title?: string; text?: string; content?: string };
        out.push({ at: c.at, from: 'bot', kind: 'text', title: p.title ?? '', text: p.text ?? p.content ?? '' });
      } else if (c.path === '/robot/sendBySession') {
        const s = this.sessions.get(c.query.session ?? '');
        const md = b.markdown as { title?: string; text?: string } | undefined;
        const t = b.text as { content?: string } | undefined;
        if (s?.userId === userId) out.push({ at: c.at, from: 'bot', kind: 'text', title: md?.title ?? '', text: md?.text ?? t?.content ?? '' });
      } else if (c.path === '/v1.0/card/instances/createAndDeliver' && b.openSpaceId === `dtv1.card//IM_ROBOT.${userId}`) {
        const outTrackId = String(b.outTrackId);
        out.push({ at: c.at, from: 'bot', kind: 'card', outTrackId, params: { ...(this.cards.get(outTrackId)?.params ?? {}) } });
      }
    }
    return out.sort((a, b) => a.at - b.at);
  }
}
