/**
 * Both DingTalk error families mapped to one typed error. New API: HTTP status + JSON
 * `{code, message, requestid}`; old "oapi": HTTP 200 + `{errcode, errmsg, request_id}`.
 */
export type DingTalkErrorKind =
  | 'invalid_token'
  | 'rate_limited'
  | 'server'
  | 'timeout'
  | 'network'
  | 'permission'
  | 'quota'
  | 'session_expired'
  | 'client';

export class DingTalkError extends Error {
  constructor(
    readonly kind: DingTalkErrorKind,
    readonly family: 'api' | 'oapi' | 'transport',
    readonly status: number,
    /** The platform's code (`Forbidden.AccessDenied.QpsLimitForApi`, `40014`…), or the transport's. */
    readonly code: string,
    message: string,
    readonly requestId: string | null = null,
  ) {
    super(message);
    this.name = 'DingTalkError';
  }

  /** Worth another try with back-off: the same request may succeed later. */
  get retryable(): boolean {
    return ['rate_limited', 'server', 'timeout', 'network'].includes(this.kind);
  }
}

const INVALID_TOKEN_CODES = new Set(['InvalidAuthentication', '40014', '42001', '40001']);
const RATE_CODES = new Set([
  'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi',
  'Forbidden.AccessDenied.QpmLimitForAppkeyAndApi',
  'Forbidden.AccessDenied.QpsLimitForApi',
  'send.too.fast',
  'send.byToken.tooFast',
  '90018',
  '90002',
  '90006',
]);
const QUOTA_CODES = new Set(['Forbidden.AccessDenied.ApiCountLimitForOrg', '90020']);
// "-1 system busy", "88"/"15" gateway timeouts (DingTalk retry best practice).
const OAPI_SERVER_CODES = new Set(['-1', '88', '15']);

function kindFor(status: number, code: string): DingTalkErrorKind {
  if (INVALID_TOKEN_CODES.has(code)) return 'invalid_token';
  if (RATE_CODES.has(code) || status === 429) return 'rate_limited';
  if (QUOTA_CODES.has(code)) return 'quota';
  if (code === '300001') return 'session_expired';
  if (status >= 500 || OAPI_SERVER_CODES.has(code)) return 'server';
  if (status === 403 || status === 401) return 'permission';
  return 'client';
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : null);

/** An error for a new-API answer that is not 2xx. */
export function apiError(status: number, body: unknown): DingTalkError {
  const b = (body ?? {}) as Record<string, unknown>;
  const code = str(b.code) ?? `HTTP_${status}`;
  return new DingTalkError(kindFor(status, code), 'api', status, code, str(b.message) ?? `HTTP ${status}`, str(b.requestid));
}

/** An error for an oapi answer (HTTP 200 with a non-zero errcode), or null if it succeeded. */
export function oapiError(status: number, body: unknown): DingTalkError | null {
  const b = (body ?? {}) as Record<string, unknown>;
  if (status >= 200 && status < 300 && (b.errcode === 0 || b.errcode === '0')) return null;
  if (status < 200 || status >= 300) {
    const code = str(b.errcode) ?? str(b.code) ?? `HTTP_${status}`;
    return new DingTalkError(kindFor(status, code), 'oapi', status, code, str(b.errmsg) ?? `HTTP ${status}`, str(b.request_id));
  }
  const code = str(b.errcode) ?? 'MISSING_ERRCODE';
  return new DingTalkError(kindFor(status, code), 'oapi', status, code, str(b.errmsg) ?? 'error', str(b.request_id));
}

/** Transport failures: our 3 s timeout, refused or reset connections. */
export function transportError(code: string | undefined, message: string): DingTalkError {
  const timeout = code === 'ECONNABORTED' || code === 'ETIMEDOUT' || /timeout/i.test(message);
  return new DingTalkError(timeout ? 'timeout' : 'network', 'transport', 0, code ?? 'NETWORK', timeout ? 'request timed out' : 'network error');
}
