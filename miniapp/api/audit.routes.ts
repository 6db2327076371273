import type Router from '@koa/router';
import { PassThrough, type Writable } from 'node:stream';
import { z } from 'zod';
import type { AccessLogEntry } from '../../core/audit/access-log-entry.js';
import type { AccessLogQuery, AccessLogReader } from '../../core/audit/access-log.port.js';
import type { DataView } from '../../core/audit/who-viewed-my-data.use-case.js';
import { pseudonymFor } from '../../core/records/employee.js';
import { actorId } from './auth.js';
import { currentActor, requirePermission, type ApiDeps } from './api-context.js';
import { ApiError } from './http-errors.js';
import { parseQuery } from './validation.js';

/** The audit services the console needs (published by the composition root). */
export interface AuditApi {
  reader(): AccessLogReader;
  exportTo(out: Writable, options: Omit<AccessLogQuery, 'limit' | 'beforeSeq'> & { readonly format: 'csv' | 'jsonl' }): Promise<number>;
  verify(): Promise<{ ok: boolean; entries: number; failure: { seq: number; kind: string } | null }>;
  whoViewed(employeeId: string, options: { beforeSeq?: number; limit?: number }): Promise<{ views: DataView[]; nextBeforeSeq: number | null } | null>;
  stats(weeks: number): Promise<{ revealsByPurpose: unknown; refusedPerWeek: unknown }>;
  status(): Promise<{ headSeq: number; lastCheckpoint: { seq: number; time: string; kind: string } | null }>;
  readonly publicKey: string;
}

const filters = z.object({
  actorId: z.string().max(64).optional(),
  subjectId: z.string().max(64).optional(),
  purpose: z.string().max(64).optional(),
  outcome: z.enum(['allowed', 'denied', 'pending', 'recorded']).optional(),
  field: z.string().max(64).optional(),
  channel: z.enum(['bot', 'miniapp', 'api', 'cli', 'system']).optional(),
  action: z.string().max(64).optional(),
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
  keyword: z.string().min(1).max(100).optional(),
});
const searchQuery = filters.extend({
  before: z.coerce.number().int().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** Names for ids, or a pseudonym once a person was purged (the log itself keeps only ids). */
async function nameOf(deps: ApiDeps, ids: Set<string>): Promise<Map<string, string>> {
  return deps.tx.run(async (u) => {
    const out = new Map<string, string>();
    for (const id of ids) {
      const e = await u.employees.get(id);
      out.set(id, !e || e.anonymisedAt !== null ? pseudonymFor(id) : e.name);
    }
    return out;
  });
}

export function auditRoutes(router: Router, deps: ApiDeps & { readonly audit: AuditApi }): void {
  router.get('/api/audit/entries', async (ctx) => {
    await requirePermission(deps, ctx, 'audit.search');
    const q = parseQuery(ctx, searchQuery);
    const { before, limit, ...rest } = q;
    const page = await deps.audit.reader().search({ ...rest, beforeSeq: before, limit });
    const ids = new Set<string>();
    for (const e of page.entries) for (const id of [e.actorId, e.subjectId]) if (id) ids.add(id);
    const names = await nameOf(deps, ids);
    ctx.body = {
      entries: page.entries.map((e: AccessLogEntry) => ({
        ...e,
        at: e.at.toISOString(),
        actorName: e.actorId ? names.get(e.actorId) ?? null : null,
        subjectName: e.subjectId ? names.get(e.subjectId) ?? null : null,
      })),
      nextBefore: page.nextBeforeSeq,
    };
  });

  // Streams in keyset batches: memory stays flat however large the export.
  router.get('/api/audit/export', async (ctx) => {
    await requirePermission(deps, ctx, 'audit.export');
    const q = parseQuery(ctx, filters.extend({ format: z.enum(['csv', 'jsonl']).default('jsonl') }));
    const out = new PassThrough();
    ctx.type = q.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8';
    ctx.attachment(`access-log.${q.format}`);
    ctx.body = out;
    deps.audit.exportTo(out, q).then(
      () => out.end(),
      (e: unknown) => out.destroy(e as Error),
    );
  });

  router.get('/api/audit/status', async (ctx) => {
    await requirePermission(deps, ctx, 'audit.verify');
    ctx.body = { ...(await deps.audit.status()), publicKey: deps.audit.publicKey };
  });

  router.post('/api/audit/verify', async (ctx) => {
    await requirePermission(deps, ctx, 'audit.verify');
    const report = await deps.audit.verify();
    ctx.body = { ok: report.ok, checked: report.entries, firstBadSeq: report.failure?.seq ?? null, kind: report.failure?.kind ?? null };
  });

  router.get('/api/audit/stats', async (ctx) => {
    await requirePermission(deps, ctx, 'audit.stats');
    const { weeks } = parseQuery(ctx, z.object({ weeks: z.coerce.number().int().min(1).max(104).default(12) }));
    const stats = await deps.audit.stats(weeks);
    const pending = await deps.tx.run((u) => u.grants.listReviews('open'));
    ctx.body = { ...stats, breakGlassPendingReviews: pending.length };
  });

  // "Who has looked at my data?" — for everyone, about themselves only.
  router.get('/api/me/access-history', async (ctx) => {
    await currentActor(deps, ctx);
    const q = parseQuery(ctx, z.object({ before: z.coerce.number().int().min(1).optional(), limit: z.coerce.number().int().min(1).max(100).default(30) }));
    const page = await deps.audit.whoViewed(actorId(ctx), { beforeSeq: q.before, limit: q.limit });
    if (!page) throw new ApiError(403, 'ACCESS.DENIED', 'ACCESS.DENIED');
    ctx.body = {
      entries: page.views.map((v) => ({
        seq: v.seq,
        at: v.at.toISOString(),
        viewer: v.viewer,
        viewerRole: v.viewerRole,
        viewerDepartment: v.viewerDepartment,
        action: v.action,
        fields: v.fields,
        purpose: v.purpose,
        outcome: v.outcome,
      })),
      nextBefore: page.nextBeforeSeq,
    };
  });
}
