/** A tiny cookie-keeping HTTP client for the mini-app API (what a browser would do). */
export class ApiClient {
  private cookies = new Map<string, string>();
  constructor(readonly baseUrl: string) {}

  get csrf(): string | undefined {
    return this.cookies.get('bd_csrf');
  }

  async request(method: string, path: string, body?: unknown, opts: { csrf?: boolean } = {}): Promise<{ status: number; json: any; text: string }> {
    const headers: Record<string, string> = {};
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (opts.csrf !== false && this.csrf && method !== 'GET') headers['x-csrf-token'] = this.csrf;
    const res = await fetch(`${this.baseUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const [k, v] = pair!.split('=');
      if (k) {
        if (v) this.cookies.set(k.trim(), v.trim());
        else this.cookies.delete(k.trim());
      }
    }
    const text = await res.text();
    let json: unknown = null;
    try {
      json = JSON.parse(text);
    } catch {
      json = null;
    }
    return { status: res.status, json, text };
  }

  async loginAs(employeeId: string): Promise<void> {
    const r = await this.request('POST', '/api/auth/demo', { employeeId });
    if (r.status !== 200) throw new Error(`login failed: ${r.status} ${r.text}`);
  }
}
