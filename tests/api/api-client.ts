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

/**
 * Demo people by name, each with a signed-in client: HR (`asHr`, by name) looks up everyone's id
 * through the API, then each named person signs in as a browser would.
 */
export async function signInDemoPeople<K extends string>(
  baseUrl: string,
  people: Readonly<Record<K, string>>,
  asHr = '吴婷',
): Promise<{ ids: Record<K, string>; clients: Record<K, ApiClient> }> {
  const probe = new ApiClient(baseUrl);
  const users = (await probe.request('GET', '/api/auth/demo-users')).json.users as Array<{ id: string; name: string }>;
  await probe.loginAs(users.find((u) => u.name === asHr)!.id);
  const everyone = (await probe.request('GET', '/api/employees?limit=100')).json.employees as Array<{ id: string; name: string }>;
  const ids = {} as Record<K, string>;
  const clients = {} as Record<K, ApiClient>;
  for (const key of Object.keys(people) as K[]) {
    ids[key] = everyone.find((e) => e.name === people[key])!.id;
    clients[key] = new ApiClient(baseUrl);
    await clients[key].loginAs(ids[key]);
  }
  return { ids, clients };
}
