import { randomBytes, generateKeyPairSync } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';

/**
 * The only module that reads process.env. Every variable is validated at once so a
 * misconfigured deployment learns about all its mistakes in one start, not one per restart.
 */

const base64Key = (bytes: number) =>
  z.string().refine((s) => /^[A-Za-z0-9+/]+={0,2}$/.test(s) && Buffer.from(s, 'base64').length === bytes, {
    message: `must be base64 of exactly ${bytes} bytes`,
  });

const timezone = z.string().refine(
  (tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  },
  { message: 'must be an IANA time zone such as Asia/Shanghai' },
);

const databaseUrl = z.string().refine(
  (url) => {
    if (/^postgres(ql)?:\/\//.test(url)) {
      try {
        const u = new URL(url);
        return u.hostname.length > 0 && u.pathname.length > 1;
      } catch {
        return false;
      }
    }
    if (/^sqlite:/.test(url)) return url.length > 'sqlite:'.length;
    // A bare path means an SQLite file; anything with a scheme we do not know is a mistake.
    return !/^[a-z][a-z0-9+.-]*:\/\//i.test(url) && url.trim().length > 0;
  },
  { message: 'must be postgres://user@host:port/db or a path to an SQLite file' },
);

/** The console's event-push aes_key: 43 base64 characters, 32 bytes once "=" is appended (dingtalk.md §6.3). */
const eventAesKey = z.string().refine((s) => /^[A-Za-z0-9+/]{43}$/.test(s) && Buffer.from(`${s}=`, 'base64').length === 32, {
  message: 'must be the 43-character aes_key from the event subscription page',
});

const httpUrl = z.string().refine((s) => /^https?:\/\/[^\s]+$/.test(s), { message: 'must be an http(s) URL' });

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  PUBLIC_BASE_URL: httpUrl.optional(),
  DATABASE_URL: databaseUrl.default('data/boundary.sqlite'),
  BOUNDARY_DATA_DIR: z.string().default('data'),
  BOUNDARY_MASTER_KEY: base64Key(32).optional(),
  BOUNDARY_RETIRED_MASTER_KEYS: z
    .string()
    .optional()
    .refine((s) => !s || s.split(',').every((k) => Buffer.from(k.trim(), 'base64').length === 32), {
      message: 'must be a comma-separated list of base64 32-byte keys',
    }),
  BOUNDARY_SHRED_KEYS_FILE: z.string().optional(),
  AUDIT_SIGNING_KEY: base64Key(32).optional(),
  AUDIT_CHECKPOINT_FILE: z.string().optional(),
  AUDIT_CHECKPOINT_EVERY_ENTRIES: z.coerce.number().int().min(1).default(1000),
  AUDIT_CHECKPOINT_EVERY_MINUTES: z.coerce.number().int().min(1).default(10),
  AUDIT_RETENTION_YEARS: z.coerce.number().int().min(1).max(100).default(10),
  DINGTALK_CLIENT_ID: z.string().min(1).optional(),
  DINGTALK_CLIENT_SECRET: z.string().min(1).optional(),
  DINGTALK_ROBOT_CODE: z.string().min(1).optional(),
  DINGTALK_CORP_ID: z.string().min(1).optional(),
  DINGTALK_AGENT_ID: z.string().min(1).optional(),
  DINGTALK_API_BASE: httpUrl.default('https://api.dingtalk.com'),
  DINGTALK_OAPI_BASE: httpUrl.default('https://oapi.dingtalk.com'),
  DINGTALK_MODE: z.enum(['http', 'stream']).default('http'),
  DINGTALK_CARD_CALLBACK_SECRET: z.string().min(16).optional(),
  DINGTALK_CARD_TEMPLATE_ID: z.string().min(1).optional(),
  DINGTALK_EVENT_TOKEN: z.string().regex(/^[A-Za-z0-9]{3,32}$/, { message: 'must be 3–32 letters or digits (the event subscription token)' }).optional(),
  DINGTALK_EVENT_AES_KEY: eventAesKey.optional(),
  DINGTALK_EVENT_OWNER_KEY: z.string().min(1).max(128).optional(),
  DINGTALK_SIGN_WINDOW_SECONDS: z.coerce.number().int().min(10).max(3600).default(3600),
  SMTP_URL: z.string().refine((s) => /^smtps?:\/\//.test(s), { message: 'must be smtp:// or smtps://' }).optional(),
  MAIL_FROM: z.string().min(3).optional(),
  BOUNDARY_TIMEZONE: timezone.default('Asia/Shanghai'),
  BOUNDARY_LOCALE: z.enum(['zh-CN', 'en']).default('zh-CN'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(9000),
});

export type Env = z.infer<typeof envSchema>;

export interface DatabaseConfig {
  readonly driver: 'sqlite' | 'postgresql';
  /** File path for SQLite, connection URL for PostgreSQL. */
  readonly url: string;
}

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly publicBaseUrl: string;
  readonly database: DatabaseConfig;
  readonly dataDir: string;
  readonly demo: boolean;
  readonly masterKey: Buffer;
  readonly retiredMasterKeys: readonly Buffer[];
  /**
   * The file of destroyable per-data-key secrets (crypto-shredding that reaches database copies),
   * or null when data keys are wrapped by the master key alone (PostgreSQL default: several
   * instances must all read every key, and a local file cannot be shared safely).
   */
  readonly shredKeysFile: string | null;
  readonly audit: {
    readonly signingKeySeed: Buffer;
    readonly checkpointFile: string;
    readonly checkpointEveryEntries: number;
    readonly checkpointEveryMinutes: number;
    readonly retentionYears: number;
  };
  readonly dingtalk: {
    readonly clientId: string;
    readonly clientSecret: string;
    readonly robotCode: string;
    readonly corpId: string;
    readonly agentId: string;
    readonly apiBase: string;
    readonly oapiBase: string;
    readonly mode: 'http' | 'stream';
    readonly cardCallbackSecret: string | undefined;
    readonly cardTemplateId: string;
    readonly signWindowSeconds: number;
    /**
     * HTTP event push (POST /dingtalk/events, mounted only when set): the console's token and
     * aes_key, and the owner key the plaintext must end with (the Client ID unless overridden).
     */
    readonly events: { readonly token: string; readonly aesKey: string; readonly ownerKey: string } | null;
  };
  readonly mail: { readonly smtpUrl: string | undefined; readonly from: string };
  readonly timezone: string;
  readonly locale: 'zh-CN' | 'en';
  readonly logLevel: Env['LOG_LEVEL'];
  readonly shutdownTimeoutMs: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Secrets that have no default outside demo mode; reported together with format errors. */
function missingProductionSecrets(env: NodeJS.ProcessEnv): string[] {
  if (!env.DINGTALK_CLIENT_ID) return [];
  const required = [
    'DINGTALK_CLIENT_SECRET',
    'DINGTALK_CORP_ID',
    'DINGTALK_AGENT_ID',
    'BOUNDARY_MASTER_KEY',
    'AUDIT_SIGNING_KEY',
    'PUBLIC_BASE_URL',
    'DINGTALK_CARD_TEMPLATE_ID',
    'SMTP_URL',
    'MAIL_FROM',
  ];
  const missing = required.filter((k) => !env[k]).map((k) => `${k}: required outside demo mode`);
  if ((env.DINGTALK_MODE ?? 'http') === 'http' && !env.DINGTALK_CARD_CALLBACK_SECRET)
    missing.push('DINGTALK_CARD_CALLBACK_SECRET: required in http mode outside demo mode');
  return missing;
}

/** The event token and aes_key only work as a pair; one without the other is a mistake. */
function eventPairProblems(env: NodeJS.ProcessEnv): string[] {
  if (Boolean(env.DINGTALK_EVENT_TOKEN) === Boolean(env.DINGTALK_EVENT_AES_KEY)) return [];
  return [env.DINGTALK_EVENT_TOKEN ? 'DINGTALK_EVENT_AES_KEY: required with DINGTALK_EVENT_TOKEN' : 'DINGTALK_EVENT_TOKEN: required with DINGTALK_EVENT_AES_KEY'];
}

/** Validates the environment; throws ConfigError listing every problem. Writes nothing. */
export function parseEnv(env: NodeJS.ProcessEnv): Env {
  const result = envSchema.safeParse(env);
  const problems = result.success
    ? []
    : result.error.issues.map((i) => `${i.path.join('.') || '(env)'}: ${i.message}`);
  problems.push(...missingProductionSecrets(env), ...eventPairProblems(env));
  if (problems.length || !result.success) throw new ConfigError(problems);
  return result.data;
}

/** Demo secrets live in files under data/, readable only by the owner. */
function demoSecret(dir: string, name: string, make: () => string): string {
  const file = join(dir, name);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const value = make();
  writeFileSync(file, value + '\n', { mode: 0o600 });
  chmodSync(file, 0o600);
  return value;
}

function resolveDatabase(url: string): DatabaseConfig {
  if (/^postgres(ql)?:\/\//.test(url)) return { driver: 'postgresql', url };
  return { driver: 'sqlite', url: resolve(url.replace(/^sqlite:(\/\/)?/, '')) };
}

/** Event push settings: from the environment, generated in demo mode (so the emulator can push), else off. */
function eventsConfig(e: Env, demo: boolean, demoSecretFile: (name: string, make: () => string) => string): Config['dingtalk']['events'] {
  const ownerKey = e.DINGTALK_EVENT_OWNER_KEY ?? e.DINGTALK_CLIENT_ID ?? 'demo-client-id';
  if (e.DINGTALK_EVENT_TOKEN && e.DINGTALK_EVENT_AES_KEY) return { token: e.DINGTALK_EVENT_TOKEN, aesKey: e.DINGTALK_EVENT_AES_KEY, ownerKey };
  if (!demo) return null;
  return {
    token: demoSecretFile('dingtalk-event.token', () => randomBytes(24).toString('base64url').replace(/[-_]/g, '').slice(0, 24)),
    // base64 of 32 bytes is 43 characters and one "=": the console's format.
    aesKey: demoSecretFile('dingtalk-event-aes.key', () => randomBytes(32).toString('base64').slice(0, 43)),
    ownerKey,
  };
}

export interface LoadedConfig {
  readonly config: Config;
  /** Human-readable notes to log once the logger exists (e.g. "demo mode"). */
  readonly notices: readonly string[];
}

/**
 * Builds the runtime config. In demo mode (no DINGTALK_CLIENT_ID) missing secrets are
 * generated under the data dir; outside demo mode a missing secret is a ConfigError.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): LoadedConfig {
  const e = parseEnv(env);
  const demo = !e.DINGTALK_CLIENT_ID;
  const dataDir = resolve(e.BOUNDARY_DATA_DIR);
  const notices: string[] = [];

  if (demo) {
    notices.push(
      `DEMO MODE: DINGTALK_CLIENT_ID is not set. Local secrets are generated under ${dataDir} and the built-in messenger emulator is mounted. Do not use demo mode for real employees.`,
    );
  }

  const secret = (name: string, make: () => string, given: string | undefined) =>
    given ?? demoSecret(dataDir, name, make);
  const masterKey = Buffer.from(secret('master.key', () => randomBytes(32).toString('base64'), e.BOUNDARY_MASTER_KEY), 'base64');
  const signingSeed = Buffer.from(
    secret(
      'audit-signing.key',
      () => {
        const { privateKey } = generateKeyPairSync('ed25519');
        // The last 32 bytes of the PKCS#8 DER are the raw Ed25519 seed.
        return privateKey.export({ format: 'der', type: 'pkcs8' }).subarray(-32).toString('base64');
      },
      e.AUDIT_SIGNING_KEY,
    ),
    'base64',
  );
  const port = e.PORT;
  const publicBaseUrl = (e.PUBLIC_BASE_URL ?? `http://localhost:${port}`).replace(/\/$/, '');

  const config: Config = {
    port,
    host: e.HOST,
    publicBaseUrl,
    database: resolveDatabase(e.DATABASE_URL),
    dataDir,
    demo,
    masterKey,
    shredKeysFile: e.BOUNDARY_SHRED_KEYS_FILE
      ? resolve(e.BOUNDARY_SHRED_KEYS_FILE)
      : resolveDatabase(e.DATABASE_URL).driver === 'sqlite'
        ? join(dataDir, 'shred-keys.sqlite')
        : null,
    retiredMasterKeys: (e.BOUNDARY_RETIRED_MASTER_KEYS ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)
      .map((s) => Buffer.from(s, 'base64')),
    audit: {
      signingKeySeed: signingSeed,
      checkpointFile: resolve(e.AUDIT_CHECKPOINT_FILE ?? join(dataDir, 'audit-checkpoints.jsonl')),
      checkpointEveryEntries: e.AUDIT_CHECKPOINT_EVERY_ENTRIES,
      checkpointEveryMinutes: e.AUDIT_CHECKPOINT_EVERY_MINUTES,
      retentionYears: e.AUDIT_RETENTION_YEARS,
    },
    dingtalk: {
      clientId: e.DINGTALK_CLIENT_ID ?? 'demo-client-id',
      clientSecret: secret('dingtalk-client.secret', () => randomBytes(24).toString('base64url'), e.DINGTALK_CLIENT_SECRET),
      robotCode: e.DINGTALK_ROBOT_CODE ?? e.DINGTALK_CLIENT_ID ?? 'demo-client-id',
      corpId: e.DINGTALK_CORP_ID ?? 'dingdemocorp',
      agentId: e.DINGTALK_AGENT_ID ?? '1000',
      apiBase: e.DINGTALK_API_BASE.replace(/\/$/, ''),
      oapiBase: e.DINGTALK_OAPI_BASE.replace(/\/$/, ''),
      mode: e.DINGTALK_MODE,
      cardCallbackSecret:
        e.DINGTALK_CARD_CALLBACK_SECRET ??
        (demo ? secret('dingtalk-card.secret', () => randomBytes(24).toString('base64url'), undefined) : undefined),
      cardTemplateId: e.DINGTALK_CARD_TEMPLATE_ID ?? 'boundary-demo.schema',
      signWindowSeconds: e.DINGTALK_SIGN_WINDOW_SECONDS,
      events: eventsConfig(e, demo, (name, make) => secret(name, make, undefined)),
    },
    mail: { smtpUrl: e.SMTP_URL, from: e.MAIL_FROM ?? 'Boundary HR <hr-bot@boundary.local>' },
    timezone: e.BOUNDARY_TIMEZONE,
    locale: e.BOUNDARY_LOCALE,
    logLevel: e.LOG_LEVEL,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
  };
  return { config, notices };
}
