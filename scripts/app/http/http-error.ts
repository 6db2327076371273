/**
 * An error meant for the client: 4xx text is shown as is, 5xx text never is (koa's expose rule).
 * Adapters throw these after mapping a DomainError code to a status.
 */
export class HttpError extends Error {
  readonly expose: boolean;
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'HttpError';
    this.expose = status < 500;
  }
}
