/** What a receiver needs from an HTTP request, whatever the framework. */
export interface CallbackRequest {
  header(name: string): string | undefined;
  readonly rawBody: Buffer;
}

export interface CallbackResponse {
  readonly status: number;
  readonly body: unknown;
  /** Why a request was refused (for a security-event log line; never the body). */
  readonly rejected?: string;
}

export const refused = (status: number, code: string, message: string, rejected: string): CallbackResponse => ({
  status,
  body: { error: { code, message } },
  rejected,
});

/** Stateless for whole-buffer decodes, so one serves every request. */
const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

/** Strict UTF-8 JSON, or undefined. */
export function parseJson(raw: Buffer): unknown {
  try {
    return JSON.parse(STRICT_UTF8.decode(raw));
  } catch {
    return undefined;
  }
}
