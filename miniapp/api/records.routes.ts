import type Router from '@koa/router';
import { z } from 'zod';
import { audiencesOf } from '../../core/access/relationship.js';
import { viewRecord } from '../../core/access/view-record.use-case.js';
import { revealFields } from '../../core/access/reveal-fields.use-case.js';
import { readGrant } from '../../core/access/read-grant.use-case.js';
import { requestApproval } from '../../core/access/request-approval.use-case.js';
import { decideApproval } from '../../core/access/decide-approval.use-case.js';
import { changeRoles } from '../../core/access/change-roles.use-case.js';
import { setLegalHold } from '../../core/access/set-legal-hold.use-case.js';
import { closeReview } from '../../core/access/close-review.use-case.js';
import type { FieldRead } from '../../core/access/read-field-values.js';
import { isProtected, purposeByCode, type FieldCatalog } from '../../core/records/field-catalog.js';
import type { Employee } from '../../core/records/employee.js';
import type { Department } from '../../core/records/department.js';
import { actorId } from './auth.js';
import { correlationOf, currentActor, requirePermission, unwrap, type ApiDeps } from './api-context.js';
import { parseBody, parseQuery, pathId } from './validation.js';

const CHANNEL = 'miniapp' as const;

const listQuery = z.object({
  q: z.string().max(100).optional(),
  status: z.enum(['active', 'pending_departure', 'departed']).optional(),
  departmentId: z.string().max(64).optional(),
  after: z.string().max(64).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(30),
});

const revealBody = z.object({
  fields: z.array(z.string().min(1).max(64)).min(1).max(50),
  purpose: z.string().min(1).max(64),
  justification: z.string().max(1000).default(''),
  reference: z.string().max(200).nullish(),
  approvalId: z.string().max(64).nullish(),
});

/** Field values leave the API as strings or contact lists, with their usage notes. */
const presentValue = (v: FieldRead) => ({ field: v.field, label: v.label, note: v.note, state: v.state, value: v.value });

/** Which purposes could open a protected field for this actor (drives the Reveal button). */
function revealable(catalog: FieldCatalog, actor: Employee, subjectId: string, fieldKey: string): boolean {
  const def = catalog.fields.find((f) => f.key === fieldKey);
  if (!def || !isProtected(def)) return false;
  return def.purposes.some((code) => {
    const p = purposeByCode(catalog, code);
    if (!p || p.neverValid) return false;
    if (p.onlyOwnRecord) return actor.id === subjectId;
    return actor.roles.some((r) => p.roles.includes(r));
  });
}

const departmentView = (d: Department | undefined) => (d ? { id: d.id, path: d.path } : null);

export function recordsRoutes(router: Router, deps: ApiDeps): void {
  router.get('/api/departments', async (ctx) => {
    await currentActor(deps, ctx);
    const departments = await deps.tx.run((u) => u.departments.all());
    ctx.body = { departments };
  });

  // People the caller may see, with basic fields only; personal data never appears in lists.
  router.get('/api/employees', async (ctx) => {
    const q = parseQuery(ctx, listQuery);
    const actor = await currentActor(deps, ctx);
    const { people, departments } = await deps.tx.run(async (u) => ({
      people: await u.employees.search({
        text: q.q,
        status: q.status ?? ['active', 'pending_departure', 'departed'],
        departmentIds: q.departmentId ? [q.departmentId] : undefined,
        afterId: q.after,
        limit: q.limit,
      }),
      departments: new Map((await u.departments.all()).map((d) => [d.id, d])),
    }));
    const visible = people.filter((p) => audiencesOf(actor, p, departments).size > 0 && p.anonymisedAt === null);
    ctx.body = {
      employees: visible.map((p) => ({
        id: p.id,
        employeeNo: p.employeeNo,
        name: p.name,
        title: p.title,
        status: p.status,
        department: departmentView(departments.get(p.departmentId)),
      })),
      next: people.length === q.limit ? (people.at(-1)?.id ?? null) : null,
    };
  });

  router.get('/api/employees/:id', async (ctx) => {
    const subjectId = pathId(ctx);
    const actor = await currentActor(deps, ctx);
    const view = unwrap(await viewRecord(deps, { actorId: actor.id, subjectId, channel: CHANNEL, correlationId: correlationOf(ctx) }));
    const { catalog, subject } = await deps.tx.run(async (u) => ({ catalog: await u.catalog.current(), subject: await u.employees.get(subjectId) }));
    const sections = new Map<string, unknown[]>();
    for (const f of view.fields) {
      const list = sections.get(f.section) ?? [];
      list.push({
        key: f.field,
        label: f.label,
        sensitivity: f.sensitivity,
        state: f.masked && f.state === 'value' ? 'masked' : f.state,
        ...(f.masked ? { masked: f.value } : { value: f.value }),
        revealable: f.state === 'value' && revealable(catalog, actor, subjectId, f.field),
      });
      sections.set(f.section, list);
    }
    ctx.body = {
      id: view.subjectId,
      name: subject?.name ?? null,
      status: subject?.status ?? null,
      legalHold: actor.roles.includes('hr_admin') ? (subject?.legalHold ?? false) : undefined,
      // Roles are an HR admin's business (the roles editor); nobody else sees them.
      roles: actor.roles.includes('hr_admin') ? (subject?.roles ?? []) : undefined,
      catalogVersion: view.catalogVersion,
      sections: [...sections].map(([section, fields]) => ({ section, fields })),
    };
  });

  router.post('/api/employees/:id/reveal', async (ctx) => {
    const subjectId = pathId(ctx);
    const body = parseBody(ctx, revealBody);
    const me = actorId(ctx);
    const catalog = await deps.tx.run((u) => u.catalog.current());
    const purpose = purposeByCode(catalog, body.purpose);
    // Four eyes: without an approval yet, a legal_obligation request files one (202).
    if (purpose?.requiresSecondApprover && !body.approvalId) {
      const filed = unwrap(
        await requestApproval(deps, {
          actorId: me,
          subjectId,
          fields: body.fields,
          purpose: body.purpose,
          justification: body.justification,
          reference: body.reference ?? '',
          channel: CHANNEL,
          correlationId: correlationOf(ctx),
        }),
      );
      ctx.status = 202;
      ctx.body = { approvalId: filed.approvalId, status: 'needs_second_approver' };
      return;
    }
    const out = unwrap(
      await revealFields(deps, {
        actorId: me,
        subjectId,
        fields: body.fields,
        purpose: body.purpose,
        justification: body.justification,
        reference: body.reference ?? null,
        approvalId: body.approvalId ?? null,
        channel: CHANNEL,
        correlationId: correlationOf(ctx),
      }),
    );
    const viewer = await deps.tx.run((u) => u.employees.get(me));
    ctx.body = {
      values: out.values.map(presentValue),
      expiresAt: out.expiresAt.toISOString(),
      breakGlass: out.breakGlass,
      grantId: out.grantId,
      watermark: { viewerName: viewer?.name ?? me, at: deps.clock.now().toISOString() },
    };
  });

  router.get('/api/grants/:id', async (ctx) => {
    const grantId = pathId(ctx);
    const out = unwrap(await readGrant(deps, { actorId: actorId(ctx), grantId, channel: CHANNEL, correlationId: correlationOf(ctx) }));
    ctx.body = { values: out.values.map(presentValue), expiresAt: out.expiresAt.toISOString(), grantId: out.grantId };
  });

  router.get('/api/approvals', async (ctx) => {
    await requirePermission(deps, ctx, 'approvals.decide');
    const { status } = parseQuery(ctx, z.object({ status: z.enum(['pending', 'approved', 'rejected', 'used']).default('pending') }));
    const approvals = await deps.tx.run(async (u) => {
      const list = await u.grants.listApprovals(status);
      return Promise.all(
        list.map(async (a) => ({ ...a, requester: { id: a.requesterId, name: (await u.employees.get(a.requesterId))?.name ?? null } })),
      );
    });
    ctx.body = { approvals };
  });

  router.post('/api/approvals/:id', async (ctx) => {
    const approvalId = pathId(ctx);
    const { decision } = parseBody(ctx, z.object({ decision: z.enum(['approve', 'reject']) }));
    const out = unwrap(
      await decideApproval(deps, { actorId: actorId(ctx), approvalId, approve: decision === 'approve', channel: CHANNEL, correlationId: correlationOf(ctx) }),
    );
    ctx.body = { approval: { id: approvalId, status: out.status } };
  });

  router.get('/api/reviews', async (ctx) => {
    await requirePermission(deps, ctx, 'reviews.read');
    const { status } = parseQuery(ctx, z.object({ status: z.enum(['open', 'closed']).default('open') }));
    const reviews = await deps.tx.run(async (u) => {
      const list = await u.grants.listReviews(status);
      return Promise.all(list.map(async (r) => ({ ...r, actor: { id: r.actorId, name: (await u.employees.get(r.actorId))?.name ?? null } })));
    });
    ctx.body = { reviews };
  });

  router.post('/api/reviews/:id', async (ctx) => {
    const reviewId = pathId(ctx);
    const { outcome } = parseBody(ctx, z.object({ outcome: z.string().min(2).max(500) }));
    ctx.body = { review: unwrap(await closeReview(deps, { actorId: actorId(ctx), reviewId, outcome, channel: CHANNEL })) };
  });

  router.put('/api/employees/:id/roles', async (ctx) => {
    const employeeId = pathId(ctx);
    const { roles } = parseBody(ctx, z.object({ roles: z.array(z.string().max(32)).max(8) }));
    const saved = unwrap(await changeRoles(deps, { actorId: actorId(ctx), employeeId, roles, channel: CHANNEL, correlationId: correlationOf(ctx) }));
    ctx.body = { id: saved.id, roles: saved.roles };
  });

  router.put('/api/employees/:id/legal-hold', async (ctx) => {
    const subjectId = pathId(ctx);
    const { on, note } = parseBody(ctx, z.object({ on: z.boolean(), note: z.string().min(2).max(500) }));
    const saved = unwrap(await setLegalHold(deps, { actorId: actorId(ctx), subjectId, on, note, channel: CHANNEL }));
    ctx.body = { id: saved.id, legalHold: saved.legalHold };
  });
}
