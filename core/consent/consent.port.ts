import type { LocalizedText } from '../records/field-catalog.js';
import type { ConsentPurpose, ConsentRecord, PrivacyNotice } from './consent.js';

/** Privacy notices and the consent history (append-only: a withdrawal is a new record). */
export interface ConsentLedger {
  currentNotice(): Promise<PrivacyNotice | null>;
  notices(): Promise<PrivacyNotice[]>;
  /** Stores version current + 1. */
  publishNotice(text: LocalizedText, by: string | null, at: Date): Promise<PrivacyNotice>;
  append(record: ConsentRecord): Promise<void>;
  history(employeeId: string): Promise<ConsentRecord[]>;
  /** Purposes whose latest answer is a grant; read fresh for every decision. */
  granted(employeeId: string): Promise<Set<ConsentPurpose>>;
  /** Highest notice version the employee has answered, or null. */
  lastAnsweredNotice(employeeId: string): Promise<number | null>;
}
