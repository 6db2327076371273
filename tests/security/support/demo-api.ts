import { ApiClient } from '../../api/api-client.js';
import { startDemoServer } from '../../api/in-process-server.js';
import { APP_MODULES } from '../../../scripts/app/modules/index.js';

export type DemoServer = Awaited<ReturnType<typeof startDemoServer>>;

/**
 * The real composition root in this process (demo mode, seeded company) with what the security
 * checks need around it: signed-in clients by name, SQL on the server's own database, scheduled
 * jobs run on demand, and a clock that can be moved forward (expiry, retention).
 */
export class DemoApi {
  private offsetMs = 0;
  private ids = new Map<string, string>();
  private constructor(readonly server: DemoServer) {}

  static async start(extraEnv: Record<string, string> = {}): Promise<DemoApi> {
    const api = new DemoApi(await startDemoServer(extraEnv));
    // Every module holds this one clock instance; shifting it moves the whole server in time.
    const clock = api.server.services.clock as { now: () => Date };
    clock.now = () => new Date(Date.now() + api.offsetMs);
    for (const r of await api.rows<{ id: string; name: string }>('select id, name from employees')) api.ids.set(r.name, r.id);
    return api;
  }

  get baseUrl(): string {
    return this.server.baseUrl;
  }

  /** The employee id of a seeded person, by name (李娜, 张伟, 吴婷 …). */
  id(name: string): string {
    const id = this.ids.get(name);
    if (!id) throw new Error(`no seeded employee named ${name}`);
    return id;
  }

  async as(name: string): Promise<ApiClient> {
    const client = new ApiClient(this.baseUrl);
    await client.loginAs(this.id(name));
    return client;
  }

  anonymous(): ApiClient {
    return new ApiClient(this.baseUrl);
  }

  async rows<T = Record<string, unknown>>(sql: string, params: unknown[] = []): Promise<T[]> {
    return (await this.server.db.fork().getConnection().execute(sql, params, 'all')) as T[];
  }

  async run(sql: string, params: unknown[] = []): Promise<void> {
    await this.server.db.fork().getConnection().execute(sql, params, 'run');
  }

  async count(table: string, where = '1=1', params: unknown[] = []): Promise<number> {
    return Number((await this.rows<{ n: unknown }>(`select count(*) as n from ${table} where ${where}`, params))[0]!.n);
  }

  /** Row counts of the tables a refused request must never touch. */
  async snapshot(tables: readonly string[] = KEY_TABLES): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    for (const t of tables) out[t] = await this.count(t);
    return out;
  }

  travel(ms: number): void {
    this.offsetMs += ms;
  }

  /** Runs a scheduled job now, as its cron tick would. */
  async runJob(name: string): Promise<void> {
    const job = APP_MODULES.flatMap((m) => m.jobs?.(this.server.services) ?? []).find((j) => j.name === name);
    if (!job) throw new Error(`no job ${name}`);
    await this.server.jobs.runNow(job);
  }

  close(): Promise<void> {
    return this.server.close();
  }
}

/** Domain tables, the log and the messaging/idempotency tables. */
export const KEY_TABLES = [
  'employees',
  'departments',
  'field_values',
  'data_keys',
  'catalog_versions',
  'access_grants',
  'pending_approvals',
  'review_tasks',
  'access_log',
  'messaging_inbox',
  'messaging_outbox',
  'messaging_card_actions',
  'contact_requests',
  'job_runs',
] as const;
