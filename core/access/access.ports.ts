/** A break-glass grant: one actor, one subject, some fields, until `expiresAt`. */
export interface AccessGrant {
  readonly id: string;
  readonly actorId: string;
  readonly subjectId: string;
  readonly fields: readonly string[];
  readonly purpose: string;
  readonly createdAt: Date;
  readonly expiresAt: Date;
}

/** A legal_obligation request waiting for a second HR admin. */
export interface PendingApproval {
  readonly id: string;
  readonly requesterId: string;
  readonly subjectId: string;
  readonly fields: readonly string[];
  readonly purpose: string;
  readonly justification: string;
  readonly reference: string;
  readonly createdAt: Date;
  readonly status: 'pending' | 'approved' | 'rejected' | 'used';
  readonly decidedBy: string | null;
  readonly decidedAt: Date | null;
}

/** After-the-fact review of a break-glass use. */
export interface ReviewTask {
  readonly id: string;
  readonly grantId: string;
  readonly actorId: string;
  readonly subjectId: string;
  readonly createdAt: Date;
  readonly status: 'open' | 'closed';
  readonly reviewedBy: string | null;
  readonly outcome: string | null;
}

export interface AccessGrants {
  saveGrant(grant: AccessGrant): Promise<void>;
  getGrant(id: string): Promise<AccessGrant | null>;
  countBreakGlassSince(actorId: string, since: Date): Promise<number>;
  /** Grants whose expiry has passed and whose stop event has not been written yet (oldest first). */
  listExpiredOpen(now: Date, limit: number): Promise<AccessGrant[]>;
  /** Marks a grant stopped; false when it was already stopped (another instance got there first). */
  markStopped(id: string, at: Date): Promise<boolean>;
  saveApproval(approval: PendingApproval): Promise<void>;
  getApproval(id: string): Promise<PendingApproval | null>;
  listApprovals(status: PendingApproval['status']): Promise<PendingApproval[]>;
  saveReview(task: ReviewTask): Promise<void>;
  listReviews(status: ReviewTask['status']): Promise<ReviewTask[]>;
}
