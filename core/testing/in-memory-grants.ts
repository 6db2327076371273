import type { AccessGrant, AccessGrants, PendingApproval, ReviewTask } from '../access/access.ports.js';
import { clone, type Snapshottable } from './snapshottable.js';

interface State {
  grants: [string, AccessGrant][];
  approvals: [string, PendingApproval][];
  reviews: [string, ReviewTask][];
  stopped: [string, Date][];
}

const byCreated = <T extends { createdAt: Date; id: string }>(a: T, b: T): number =>
  a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Break-glass grants, pending approvals and review tasks in memory (saves are upserts by id). */
export class InMemoryGrants implements AccessGrants, Snapshottable {
  private grants = new Map<string, AccessGrant>();
  private approvals = new Map<string, PendingApproval>();
  private reviews = new Map<string, ReviewTask>();
  private stopped = new Map<string, Date>();

  async saveGrant(grant: AccessGrant): Promise<void> {
    this.grants.set(grant.id, clone(grant));
  }

  async getGrant(id: string): Promise<AccessGrant | null> {
    const g = this.grants.get(id);
    return g ? clone(g) : null;
  }

  async countBreakGlassSince(actorId: string, since: Date): Promise<number> {
    return [...this.grants.values()].filter((g) => g.actorId === actorId && g.createdAt.getTime() >= since.getTime()).length;
  }

  async listExpiredOpen(now: Date, limit: number): Promise<AccessGrant[]> {
    return [...this.grants.values()]
      .filter((g) => g.expiresAt.getTime() <= now.getTime() && !this.stopped.has(g.id))
      .sort((a, b) => a.expiresAt.getTime() - b.expiresAt.getTime())
      .slice(0, limit)
      .map(clone);
  }

  async markStopped(id: string, at: Date): Promise<boolean> {
    if (!this.grants.has(id) || this.stopped.has(id)) return false;
    this.stopped.set(id, at);
    return true;
  }

  async saveApproval(approval: PendingApproval): Promise<void> {
    this.approvals.set(approval.id, clone(approval));
  }

  async getApproval(id: string): Promise<PendingApproval | null> {
    const a = this.approvals.get(id);
    return a ? clone(a) : null;
  }

  async listApprovals(status: PendingApproval['status']): Promise<PendingApproval[]> {
    return [...this.approvals.values()].filter((a) => a.status === status).sort(byCreated).map(clone);
  }

  async saveReview(task: ReviewTask): Promise<void> {
    this.reviews.set(task.id, clone(task));
  }

  async listReviews(status: ReviewTask['status']): Promise<ReviewTask[]> {
    return [...this.reviews.values()].filter((r) => r.status === status).sort(byCreated).map(clone);
  }

  snapshot(): unknown {
    const state: State = { grants: [...this.grants], approvals: [...this.approvals], reviews: [...this.reviews], stopped: [...this.stopped] };
    return clone(state);
  }

  restore(snapshot: unknown): void {
    const s = snapshot as State;
    this.grants = new Map(s.grants);
    this.approvals = new Map(s.approvals);
    this.reviews = new Map(s.reviews);
    this.stopped = new Map(s.stopped);
  }
}
