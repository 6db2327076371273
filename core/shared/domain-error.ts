/**
 * Every expected failure has a stable string code. Adapters map each code exhaustively
 * (a message key in the bot, an HTTP status in the API), so adding a code here fails to
 * compile until every adapter has decided what it means.
 */
export const ERROR_CODES = [
  'RECORD.NOT_FOUND',
  'RECORD.INVALID',
  'RECORD.CONFLICT',
  'ACCESS.DENIED',
  'ACCESS.PURPOSE_REFUSED',
  'ACCESS.JUSTIFICATION_REFUSED',
  'ACCESS.NEEDS_SECOND_APPROVER',
  'ACCESS.REFERENCE_REQUIRED',
  'ACCESS.EXPIRED',
  'CRYPTO.INTEGRITY',
  'CRYPTO.KEY_DESTROYED',
  'CONTACT.NOT_FOUND',
  'CONTACT.NOT_ELIGIBLE',
  'CONTACT.ALREADY_OPEN',
  'CONTACT.TOO_MANY_OPEN',
  'CONTACT.COOLDOWN',
  'CONTACT.RATE_LIMITED',
  'CONTACT.INVALID_TRANSITION',
  'CONTACT.LINK_INVALID',
  'OFFBOARDING.INVALID_STATE',
  'OFFBOARDING.NOT_FOUND',
  'CONSENT.NOT_FOUND',
  'INPUT.INVALID',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export class DomainError {
  readonly kind = 'domain-error' as const;
  constructor(
    readonly code: ErrorCode,
    readonly params: Readonly<Record<string, string | number | boolean | null>> = {},
  ) {}
}

export const domainError = (code: ErrorCode, params?: Record<string, string | number | boolean | null>) =>
  new DomainError(code, params);
