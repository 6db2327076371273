import type { AccessGrant, AccessGrants, PendingApproval, ReviewTask } from '../../core/access/access.ports.js';
import { dateOrNull, iso, num, strOrNull, type Row, type Sql } from './sql.js';

const toGrant = (r: Row): AccessGrant => ({
  id: String(r.id),
  actorId: String(r.actor_id),
  subjectId: String(r.subject_id),
  fields: JSON.parse(String(r.fields)) as string[],
  purpose: String(r.purpose),
  createdAt: new Date(iso(r.created_at)),
  expiresAt: new Date(iso(r.expires_at)),
});

const toApproval = (r: Row): PendingApproval => ({
  id: String(r.id),
  requesterId: String(r.requester_id),
  subjectId: String(r.subject_id),
  fields: JSON.parse(String(r.fields)) as string[],
  purpose: String(r.purpose),
  justification: String(r.justification),
  reference: String(r.reference),
  createdAt: new Date(iso(r.created_at)),
  status: String(r.status) as PendingApproval['status'],
  decidedBy: strOrNull(r.decided_by),
  decidedAt: dateOrNull(r.decided_at),
});

const toReview = (r: Row): ReviewTask => ({
  id: String(r.id),
  grantId: String(r.grant_id),
  actorId: String(r.actor_id),
  subjectId: String(r.subject_id),
  createdAt: new Date(iso(r.created_at)),
  status: String(r.status) as ReviewTask['status'],
  reviewedBy: strOrNull(r.reviewed_by),
  outcome: strOrNull(r.outcome),
});

/** Break-glass grants, four-eyes approvals and their review tasks. Saves are upserts by id. */
export class MikroAccessGrants implements AccessGrants {
  constructor(private readonly sql: Sql) {}

  async saveGrant(g: AccessGrant): Promise<void> {
    await this.sql.run(
      `insert into access_grants (id, actor_id, subject_id, fields, purpose, created_at, expires_at) values (?, ?, ?, ?, ?, ?, ?)
       on conflict (id) do update set fields = excluded.fields, purpose = excluded.purpose, expires_at = excluded.expires_at`,
      [g.id, g.actorId, g.subjectId, JSON.stringify(g.fields), g.purpose, g.createdAt.toISOString(), g.expiresAt.toISOString()],
    );
  }

  async getGrant(id: string): Promise<AccessGrant | null> {
    const row = await this.sql.get('select * from access_grants where id = ?', [id]);
    return row ? toGrant(row) : null;
  }

  async countBreakGlassSince(actorId: string, since: Date): Promise<number> {
    const row = await this.sql.get('select count(*) as n from access_grants where actor_id = ? and created_at >= ?', [
      actorId,
      since.toISOString(),
    ]);
    return num(row?.n ?? 0);
  }

  async listExpiredOpen(now: Date, limit: number): Promise<AccessGrant[]> {
    const rows = await this.sql.all('select * from access_grants where stopped_at is null and expires_at <= ? order by expires_at limit ?', [
      now.toISOString(),
      limit,
    ]);
    return rows.map(toGrant);
  }

  async markStopped(id: string, at: Date): Promise<boolean> {
    // Conditional update: with several instances only one of them writes the stop event.
    return (await this.sql.run('update access_grants set stopped_at = ? where id = ? and stopped_at is null', [at.toISOString(), id])) === 1;
  }

  async saveApproval(a: PendingApproval): Promise<void> {
    await this.sql.run(
      `insert into pending_approvals (id, requester_id, subject_id, fields, purpose, justification, reference, created_at, status, decided_by, decided_at)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       on conflict (id) do update set status = excluded.status, decided_by = excluded.decided_by, decided_at = excluded.decided_at`,
      [
        a.id, a.requesterId, a.subjectId, JSON.stringify(a.fields), a.purpose, a.justification, a.reference,
        a.createdAt.toISOString(), a.status, a.decidedBy, a.decidedAt?.toISOString() ?? null,
      ],
    );
  }

  async getApproval(id: string): Promise<PendingApproval | null> {
    const row = await this.sql.get('select * from pending_approvals where id = ?', [id]);
    return row ? toApproval(row) : null;
  }

  async listApprovals(status: PendingApproval['status']): Promise<PendingApproval[]> {
    const rows = await this.sql.all('select * from pending_approvals where status = ? order by created_at, id', [status]);
    return rows.map(toApproval);
  }

  async saveReview(t: ReviewTask): Promise<void> {
    await this.sql.run(
      `insert into review_tasks (id, grant_id, actor_id, subject_id, created_at, status, reviewed_by, outcome) values (?, ?, ?, ?, ?, ?, ?, ?)
       on conflict (id) do update set status = excluded.status, reviewed_by = excluded.reviewed_by, outcome = excluded.outcome`,
      [t.id, t.grantId, t.actorId, t.subjectId, t.createdAt.toISOString(), t.status, t.reviewedBy, t.outcome],
    );
  }

  async listReviews(status: ReviewTask['status']): Promise<ReviewTask[]> {
    const rows = await this.sql.all('select * from review_tasks where status = ? order by created_at, id', [status]);
    return rows.map(toReview);
  }
}
