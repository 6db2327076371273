import type { Channel } from '../audit/access-log-entry.js';
import type { LocalizedText } from '../records/field-catalog.js';

/**
 * Optional processing whose only legal basis is the person's consent (PIPL art. 13(1)(1), 14,
 * 15). Everything else Boundary does rests on the employment contract, labour rules or law.
 * A catalog purpose that names one of these (`consentPurpose`) opens nothing once it is withdrawn.
 */
export const CONSENT_PURPOSES = [
  /** Former colleagues' contact requests are forwarded to me. */
  'relay_contact_requests',
  /** The company keeps my personal email after I leave, to reach me. */
  'post_departure_contact',
  /** My birthday may be shown to my team for greetings. */
  'birthday_greetings',
] as const;
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number];
export const isConsentPurpose = (s: string): s is ConsentPurpose => (CONSENT_PURPOSES as readonly string[]).includes(s);

/** A published privacy notice; a new version asks everybody again. */
export interface PrivacyNotice {
  readonly version: number;
  readonly text: LocalizedText;
  readonly publishedAt: string;
  readonly publishedBy: string | null;
}

/** One answer, kept for good as evidence: who, what, under which notice, when, where. */
export interface ConsentRecord {
  readonly id: string;
  readonly employeeId: string;
  readonly purpose: ConsentPurpose;
  readonly granted: boolean;
  readonly noticeVersion: number;
  readonly at: string;
  readonly channel: Channel;
  /** Who pressed the button: the person, or null for the system (e.g. a departure closing relays). */
  readonly actorId: string | null;
}

/** The latest answer per purpose; a purpose never answered is absent (= not granted). */
export function currentConsents(history: readonly ConsentRecord[]): Map<ConsentPurpose, ConsentRecord> {
  const out = new Map<ConsentPurpose, ConsentRecord>();
  for (const r of [...history].sort((a, b) => (a.at === b.at ? a.id.localeCompare(b.id) : a.at.localeCompare(b.at)))) out.set(r.purpose, r);
  return out;
}

export const grantedPurposes = (history: readonly ConsentRecord[]): Set<ConsentPurpose> =>
  new Set([...currentConsents(history).values()].filter((r) => r.granted).map((r) => r.purpose));
