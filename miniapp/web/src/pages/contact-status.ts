/**
 * Endings the requester must not be able to tell apart: whatever the server says, the page
 * shows one neutral text for all of them.
 */
export const NEUTRAL_ENDINGS = new Set(['declined', 'blocked', 'expired', 'undeliverable', 'closed']);
export const OPEN_STATUSES = new Set(['submitted', 'hr_review', 'awaiting_consent']);

export function requestStatusKey(status: string): string {
  return NEUTRAL_ENDINGS.has(status) ? 'contact.status.neutral' : `contact.status.${status}`;
}
