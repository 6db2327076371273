import type { DomainError, ErrorCode } from '../../core/shared/domain-error.js';

/**
 * Every domain code has a decided HTTP status; a new code fails to compile until it is here.
 * Refusals of access are 403 with a reason; not-found and forbidden share one answer where
 * existence itself would leak (the use cases return ACCESS.DENIED for both).
 */
export const STATUS_BY_CODE: Record<ErrorCode, number> = {
  'RECORD.NOT_FOUND': 404,
  'RECORD.INVALID': 400,
  'RECORD.CONFLICT': 409,
  'ACCESS.DENIED': 403,
  'ACCESS.PURPOSE_REFUSED': 403,
  'ACCESS.JUSTIFICATION_REFUSED': 403,
  'ACCESS.NEEDS_SECOND_APPROVER': 202,
  'ACCESS.REFERENCE_REQUIRED': 400,
  'ACCESS.EXPIRED': 403,
  'CRYPTO.INTEGRITY': 500,
  'CRYPTO.KEY_DESTROYED': 410,
  'CONTACT.NOT_FOUND': 404,
  'CONTACT.NOT_ELIGIBLE': 403,
  'CONTACT.ALREADY_OPEN': 409,
  'CONTACT.TOO_MANY_OPEN': 429,
  'CONTACT.COOLDOWN': 429,
  'CONTACT.RATE_LIMITED': 429,
  'CONTACT.INVALID_TRANSITION': 409,
  'CONTACT.LINK_INVALID': 400,
  'OFFBOARDING.INVALID_STATE': 409,
  'OFFBOARDING.NOT_FOUND': 404,
  'CONSENT.NOT_FOUND': 404,
  'INPUT.INVALID': 400,
};

/** Thrown at the edge; the app's error middleware renders `{ error: { code, message, requestId } }`. */
export class ApiError extends Error {
  readonly expose: boolean;
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.expose = status < 500;
  }
}

export function fromDomainError(e: DomainError): ApiError {
  const status = STATUS_BY_CODE[e.code];
  const message = status >= 500 ? 'Internal error' : e.code;
  return new ApiError(status, e.code, message, Object.keys(e.params).length ? e.params : undefined);
}
