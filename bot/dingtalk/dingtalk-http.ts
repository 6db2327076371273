import axios, { type AxiosInstance, type AxiosResponse } from 'axios';
import { AccessTokenProvider } from './access-token.js';
import { apiError, DingTalkError, oapiError, transportError } from './dingtalk-error.js';

export interface DingTalkHttpOptions {
  readonly apiBase: string;
  readonly oapiBase: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** The platform times calls out after ~3 s; so do we. */
  readonly timeoutMs?: number;
  /** Attempts per call, including the first (timeouts, 5xx, QPS limits). */
  readonly maxAttempts?: number;
  readonly backoffBaseMs?: number;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
}

export type ApiMethod = 'GET' | 'POST' | 'PUT';

/**
 * The transport under the open-platform client: token injection for both API families, error
 * mapping, retries with exponential back-off and full jitter, and one token refresh when the
 * platform calls the token invalid.
 */
export class DingTalkHttp {
  readonly tokens: AccessTokenProvider;
  private readonly http: AxiosInstance;
  private readonly maxAttempts: number;
  private readonly backoffBaseMs: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;

  constructor(readonly options: DingTalkHttpOptions) {
    this.http = axios.create({
      timeout: options.timeoutMs ?? 3000,
      validateStatus: () => true,
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      // Never follow redirects with a token attached.
      maxRedirects: 0,
    });
    this.maxAttempts = options.maxAttempts ?? 3;
    this.backoffBaseMs = options.backoffBaseMs ?? 200;
    this.sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.random = options.random ?? Math.random;
    this.tokens = new AccessTokenProvider({ fetch: () => this.fetchToken(), now: options.now ?? Date.now });
  }

  /** A new-API call (`x-acs-dingtalk-access-token`); resolves to the JSON body. */
  api<T>(method: ApiMethod, path: string, body?: unknown): Promise<T> {
    return this.withToken((token) =>
      this.send(method, `${this.options.apiBase}${path}`, body, { 'x-acs-dingtalk-access-token': token }, 'api'),
    ) as Promise<T>;
  }

  /** An oapi call (`?access_token=`, errcode/errmsg). */
  oapi<T>(path: string, body: unknown): Promise<T> {
    return this.withToken((token) =>
      this.send('POST', `${this.options.oapiBase}${path}?access_token=${encodeURIComponent(token)}`, body, {}, 'oapi'),
    ) as Promise<T>;
  }

  /** A tokenless oapi-style POST (session webhooks), retried like the rest. */
  postUnauthenticated<T>(url: string, body: unknown): Promise<T> {
    return this.retrying(() => this.send('POST', url, body, {}, 'oapi')) as Promise<T>;
  }

  private async withToken(call: (token: string) => Promise<unknown>): Promise<unknown> {
    let refreshed = false;
    for (;;) {
      const token = await this.tokens.get();
      try {
        return await this.retrying(() => call(token));
      } catch (e) {
        if (e instanceof DingTalkError && e.kind === 'invalid_token' && !refreshed) {
          refreshed = true;
          this.tokens.invalidate(token);
          continue;
        }
        throw e;
      }
    }
  }

  private async retrying(call: () => Promise<unknown>): Promise<unknown> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await call();
      } catch (e) {
        if (!(e instanceof DingTalkError) || !e.retryable || attempt >= this.maxAttempts) throw e;
        // QPS limits: the platform asks for about a second; otherwise exponential with full jitter.
        const base = e.kind === 'rate_limited' ? 1000 : this.backoffBaseMs * 2 ** (attempt - 1);
        await this.sleep(Math.round(base / 2 + this.random() * base));
      }
    }
  }

  private async send(
    method: ApiMethod,
    url: string,
    body: unknown,
    headers: Record<string, string>,
    family: 'api' | 'oapi',
  ): Promise<unknown> {
    let res: AxiosResponse;
    try {
      res = await this.http.request({ method, url, data: body, headers });
    } catch (e) {
      const err = e as { code?: string; message?: string };
      throw transportError(err.code, err.message ?? '');
    }
    if (family === 'api') {
      if (res.status >= 200 && res.status < 300) return res.data;
      throw apiError(res.status, res.data);
    }
    const failure = oapiError(res.status, res.data);
    if (failure) throw failure;
    return res.data;
  }

  private async fetchToken(): Promise<{ token: string; expireIn: number }> {
    const data = (await this.retrying(() =>
      this.send(
        'POST',
        `${this.options.apiBase}/v1.0/oauth2/accessToken`,
        { appKey: this.options.clientId, appSecret: this.options.clientSecret },
        {},
        'api',
      ),
    )) as { accessToken?: unknown; expireIn?: unknown };
    if (typeof data.accessToken !== 'string' || typeof data.expireIn !== 'number')
      throw new DingTalkError('server', 'api', 200, 'BAD_TOKEN_RESPONSE', 'token response without accessToken');
    return { token: data.accessToken, expireIn: data.expireIn };
  }
}
