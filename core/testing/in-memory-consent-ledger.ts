import { isInOrganisation } from '../access/relationship.js';
import type { ConsentLedger, PromptCause } from '../consent/consent.port.js';
import { grantedPurposes, type ConsentPurpose, type ConsentRecord, type PrivacyNotice } from '../consent/consent.js';
import type { LocalizedText } from '../records/field-catalog.js';
import type { InMemoryEmployees } from './in-memory-employees.js';
import { clone, type Snapshottable } from './snapshottable.js';

interface State {
  notices: PrivacyNotice[];
  records: ConsentRecord[];
  prompts: { employeeId: string; version: number; cause: PromptCause; at: string }[];
  rollouts: { version: number; startedAt: string; finishedAt: string | null }[];
}

/** The consent ledger in memory; `unprompted` reads the employees fake as the SQL reads its table. */
export class InMemoryConsentLedger implements ConsentLedger, Snapshottable {
  private s: State = { notices: [], records: [], prompts: [], rollouts: [] };

  constructor(private readonly employees: InMemoryEmployees) {}

  get prompts(): readonly { employeeId: string; version: number; cause: PromptCause; at: string }[] {
    return this.s.prompts;
  }

  async currentNotice(): Promise<PrivacyNotice | null> {
    return clone(this.s.notices.at(-1) ?? null);
  }

  async notices(): Promise<PrivacyNotice[]> {
    return clone(this.s.notices);
  }

  async publishNotice(text: LocalizedText, by: string | null, at: Date): Promise<PrivacyNotice> {
    const n: PrivacyNotice = { version: this.s.notices.length + 1, text: clone(text), publishedAt: at.toISOString(), publishedBy: by };
    this.s.notices.push(n);
    return clone(n);
  }

  async publishNoticeVersion(version: number, text: LocalizedText, by: string | null, at: Date): Promise<PrivacyNotice | null> {
    if (this.s.notices.some((n) => n.version === version)) return null;
    const n: PrivacyNotice = { version, text: clone(text), publishedAt: at.toISOString(), publishedBy: by };
    this.s.notices.push(n);
    this.s.notices.sort((a, b) => a.version - b.version);
    return clone(n);
  }

  async append(record: ConsentRecord): Promise<void> {
    this.s.records.push(clone(record));
  }

  async history(employeeId: string): Promise<ConsentRecord[]> {
    return clone(this.s.records.filter((r) => r.employeeId === employeeId));
  }

  async granted(employeeId: string): Promise<Set<ConsentPurpose>> {
    return grantedPurposes(await this.history(employeeId));
  }

  async lastAnsweredNotice(employeeId: string): Promise<number | null> {
    const vs = this.s.records.filter((r) => r.employeeId === employeeId).map((r) => r.noticeVersion);
    return vs.length ? Math.max(...vs) : null;
  }

  async markPrompted(employeeIds: readonly string[], version: number, cause: PromptCause, at: Date): Promise<string[]> {
    const fresh = [...new Set(employeeIds)].filter((id) => !this.s.prompts.some((p) => p.employeeId === id && p.version === version));
    for (const id of fresh) this.s.prompts.push({ employeeId: id, version, cause, at: at.toISOString() });
    return fresh;
  }

  async promptCounts(): Promise<Map<number, number>> {
    const out = new Map<number, number>();
    for (const p of this.s.prompts) out.set(p.version, (out.get(p.version) ?? 0) + 1);
    return out;
  }

  async startRollout(version: number, at: Date): Promise<void> {
    if (!this.s.rollouts.some((r) => r.version === version)) this.s.rollouts.push({ version, startedAt: at.toISOString(), finishedAt: null });
  }

  async openRollouts(): Promise<number[]> {
    return this.s.rollouts.filter((r) => r.finishedAt === null).map((r) => r.version).sort((a, b) => a - b);
  }

  async finishRollout(version: number, at: Date): Promise<void> {
    for (const r of this.s.rollouts) if (r.version === version && r.finishedAt === null) r.finishedAt = at.toISOString();
  }

  async unprompted(version: number, afterId: string | null, limit: number): Promise<string[]> {
    const everyone = await this.employees.search({ limit: Number.MAX_SAFE_INTEGER });
    return everyone
      .filter((e) => isInOrganisation(e) && e.anonymisedAt === null && e.dingtalkUserId !== null && (afterId === null || e.id > afterId))
      .filter((e) => !this.s.prompts.some((p) => p.employeeId === e.id && p.version === version))
      .filter((e) => !this.s.records.some((r) => r.employeeId === e.id && r.noticeVersion >= version))
      .map((e) => e.id)
      .sort()
      .slice(0, limit);
  }

  async tryLockRollout(): Promise<boolean> {
    return true;
  }

  snapshot(): unknown {
    return clone(this.s);
  }

  restore(snapshot: unknown): void {
    this.s = snapshot as State;
  }
}
