import type { LocalizedText } from '../records/field-catalog.js';
import type { ConsentPurpose, ConsentRecord, PrivacyNotice } from './consent.js';

/** Why a person was asked to read a notice: they joined, or a new version was published. */
export type PromptCause = 'onboarding' | 'new_notice';

/** Privacy notices and the consent history (append-only: a withdrawal is a new record). */
export interface ConsentLedger {
  currentNotice(): Promise<PrivacyNotice | null>;
  notices(): Promise<PrivacyNotice[]>;
  /** Stores version current + 1. */
  publishNotice(text: LocalizedText, by: string | null, at: Date): Promise<PrivacyNotice>;
  /** Stores exactly `version`; null when it exists already (another publication got there first). */
  publishNoticeVersion(version: number, text: LocalizedText, by: string | null, at: Date): Promise<PrivacyNotice | null>;
  append(record: ConsentRecord): Promise<void>;
  history(employeeId: string): Promise<ConsentRecord[]>;
  /** Purposes whose latest answer is a grant; read fresh for every decision. */
  granted(employeeId: string): Promise<Set<ConsentPurpose>>;
  /** Highest notice version the employee has answered, or null. */
  lastAnsweredNotice(employeeId: string): Promise<number | null>;

  /**
   * Notes that these people were asked about `version`; returns only those not asked before
   * (the one place "never ask twice for the same version" is decided, in the caller's transaction).
   */
  markPrompted(employeeIds: readonly string[], version: number, cause: PromptCause, at: Date): Promise<string[]>;
  /** How many people were asked about each version (HR's view of a rollout). */
  promptCounts(): Promise<Map<number, number>>;
  /** Opens the rollout of `version`: everybody in the organisation is to be asked. */
  startRollout(version: number, at: Date): Promise<void>;
  /** The open rollouts' versions, lowest first (normally one; an older one is superseded). */
  openRollouts(): Promise<number[]>;
  finishRollout(version: number, at: Date): Promise<void>;
  /**
   * People in the organisation who can be reached in the messenger, have not been asked about
   * `version` and have not answered it or a later one: ids after `afterId`, by id, up to `limit`.
   */
  unprompted(version: number, afterId: string | null, limit: number): Promise<string[]>;
  /** Claims the rollout for this transaction (PostgreSQL: an advisory lock). False: another instance has it. */
  tryLockRollout(): Promise<boolean>;
}
