/**
 * The one way the pages talk to the server: same-origin fetch with the session cookie,
 * JSON in and out, the CSRF token on every state change, and errors as ApiError.
 */

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The reason code of an access refusal (`details.reason`), when the server gave one. */
  get reason(): string | undefined {
    const d = this.details as { reason?: unknown } | undefined;
    return typeof d?.reason === 'string' ? d.reason : undefined;
  }
}

export interface ApiResponse<T> {
  readonly status: number;
  readonly data: T;
  /** The server's clock when it answered (Date header), to count down expiries without skew. */
  readonly serverTime: number;
}

export type Query = Record<string, string | number | boolean | null | undefined>;

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
export const UNAUTHORIZED_EVENT = 'bd:unauthorized';

export function readCookie(name: string): string | undefined {
  for (const part of document.cookie.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return undefined;
}

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const s = params.toString();
  return s ? `${path}?${s}` : path;
}

export async function request<T>(
  method: string,
  path: string,
  options: { body?: unknown; query?: Query } = {},
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (UNSAFE.has(method)) {
    const token = readCookie('bd_csrf');
    if (token) headers['x-csrf-token'] = token;
  }
  const res = await fetch(withQuery(path, options.query), {
    method,
    headers,
    credentials: 'same-origin',
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await res.text();
  let json: unknown = undefined;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (!res.ok) {
    const e = (json as { error?: { code?: string; message?: string; details?: unknown } } | undefined)?.error;
    const error = new ApiError(res.status, e?.code ?? `HTTP.${res.status}`, e?.message ?? res.statusText, e?.details);
    if (res.status === 401 && error.code === 'AUTH.REQUIRED') window.dispatchEvent(new Event(UNAUTHORIZED_EVENT));
    throw error;
  }
  const date = Date.parse(res.headers.get('date') ?? '');
  return { status: res.status, data: json as T, serverTime: Number.isNaN(date) ? Date.now() : date };
}

export const api = {
  get: async <T>(path: string, query?: Query) => (await request<T>('GET', path, { query })).data,
  post: async <T>(path: string, body: unknown = {}) => (await request<T>('POST', path, { body })).data,
  put: async <T>(path: string, body: unknown) => (await request<T>('PUT', path, { body })).data,
};
