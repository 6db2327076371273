export interface IssuedToken {
  readonly token: string;
  /** Seconds the platform says the token lives (7200). */
  readonly expireIn: number;
}

export interface AccessTokenOptions {
  readonly fetch: () => Promise<IssuedToken>;
  readonly now: () => number;
  /** Refresh this long before expiry (the calling guide says ~10 min; the SDKs 5 min). */
  readonly refreshEarlyMs?: number;
}

/**
 * The app access token, cached, refreshed early and fetched by one caller at a time
 * (single-flight): a burst of calls on a cold cache makes one token request, not fifty.
 */
export class AccessTokenProvider {
  private cached: { token: string; refreshAt: number } | null = null;
  private inFlight: Promise<string> | null = null;
  private readonly refreshEarlyMs: number;

  constructor(private readonly options: AccessTokenOptions) {
    this.refreshEarlyMs = options.refreshEarlyMs ?? 10 * 60 * 1000;
  }

  get(): Promise<string> {
    if (this.cached && this.options.now() < this.cached.refreshAt) return Promise.resolve(this.cached.token);
    return (this.inFlight ??= this.refresh());
  }

  /** Drops `token` after the platform refused it; a newer token fetched meanwhile is kept. */
  invalidate(token: string): void {
    if (this.cached?.token === token) this.cached = null;
  }

  private async refresh(): Promise<string> {
    try {
      const issued = await this.options.fetch();
      const lifetime = issued.expireIn * 1000;
      // Never refresh "early" by more than half the lifetime (short-lived test tokens).
      const early = Math.min(this.refreshEarlyMs, lifetime / 2);
      this.cached = { token: issued.token, refreshAt: this.options.now() + lifetime - early };
      return issued.token;
    } finally {
      this.inFlight = null;
    }
  }
}
