import type Router from '@koa/router';
import { z } from 'zod';
import { editCatalog } from '../../core/access/edit-catalog.use-case.js';
import { headsSubtreeOf } from '../../core/access/relationship.js';
import { retentionSchedule } from '../../core/retention/retention-schedule.js';
import type { CatalogDraft } from '../../core/records/catalog-validation.js';
import type { DeadLetter } from '../../core/messaging/outbox-queue.port.js';
import { actorId } from './auth.js';
import { correlationOf, requirePermission, unwrap, type ApiDeps } from './api-context.js';
import { ApiError } from './http-errors.js';
import { parseBody, parseQuery, pathId } from './validation.js';

/** The dead-letter side of the outbox, as the HR console needs it (implemented by storage). */
export interface DeadLetters {
  listDead(limit: number): Promise<DeadLetter[]>;
  retryDead(id: number, now: Date): Promise<boolean>;
}

export interface AdminRoutesDeps extends ApiDeps {
  readonly deadLetters: DeadLetters | null;
}

const CHANNEL = 'miniapp' as const;

// The editor sends the whole catalog back; validation of its content is core's (catalog-validation).
const catalogBody = z.object({ baseVersion: z.number().int().min(1), catalog: z.record(z.string(), z.unknown()), allowThirdPartyChange: z.boolean().optional() });

export function adminRoutes(router: Router, deps: AdminRoutesDeps): void {
  router.get('/api/catalog', async (ctx) => {
    await requirePermission(deps, ctx, 'catalog.read');
    ctx.body = await deps.tx.run((u) => u.catalog.current());
  });

  router.put('/api/catalog', async (ctx) => {
    const body = parseBody(ctx, catalogBody);
    const draft = body.catalog as unknown as CatalogDraft;
    if (!Array.isArray(draft.fields) || !Array.isArray(draft.purposes) || typeof draft.contactRequests !== 'object')
      throw new ApiError(400, 'INPUT.INVALID', 'catalog needs fields, purposes and contactRequests');
    const out = unwrap(
      await editCatalog(deps, {
        actorId: actorId(ctx),
        catalog: draft,
        baseVersion: body.baseVersion,
        allowThirdPartyChange: body.allowThirdPartyChange,
        channel: CHANNEL,
        correlationId: correlationOf(ctx),
      }),
    );
    ctx.body = out.catalog;
  });

  router.get('/api/catalog/history', async (ctx) => {
    await requirePermission(deps, ctx, 'catalog.read');
    const versions = await deps.tx.run((u) => u.catalog.history());
    ctx.body = { versions: versions.map((v) => ({ version: v.version, updatedBy: v.updatedBy, updatedAt: v.updatedAt })) };
  });

  // The former-employee library: each field's deletion date and the legal hold.
  router.get('/api/former-employees', async (ctx) => {
    await requirePermission(deps, ctx, 'former.library');
    const q = parseQuery(ctx, z.object({ q: z.string().max(100).optional(), after: z.string().max(64).optional(), limit: z.coerce.number().int().min(1).max(100).default(30) }));
    const { people, catalog, departments } = await deps.tx.run(async (u) => ({
      people: await u.employees.search({ text: q.q, status: 'departed', afterId: q.after, limit: q.limit }),
      catalog: await u.catalog.current(),
      departments: new Map((await u.departments.all()).map((d) => [d.id, d])),
    }));
    ctx.body = {
      employees: people.map((p) => ({
        id: p.id,
        name: p.name,
        department: departments.get(p.departmentId)?.path ?? null,
        departedAt: p.separation.departedAt,
        lastDay: p.separation.lastDay,
        legalHold: p.legalHold,
        anonymised: p.anonymisedAt !== null,
        relayOptIn: p.separation.relayOptIn,
        deadlines: retentionSchedule(p, catalog)
          .filter((d) => d.deleteAt !== null)
          .map((d) => ({ field: d.field, deleteAt: d.deleteAt!.toISOString() })),
      })),
      next: people.length === q.limit ? (people.at(-1)?.id ?? null) : null,
    };
  });

  // A department head's roster: their subtree's people, with the fields the catalog grants heads.
  router.get('/api/dept/roster', async (ctx) => {
    const actor = await requirePermission(deps, ctx, 'team.roster');
    const { people, catalog, departments } = await deps.tx.run(async (u) => ({
      people: await u.employees.search({ status: ['active', 'pending_departure'], limit: 500 }),
      catalog: await u.catalog.current(),
      departments: new Map((await u.departments.all()).map((d) => [d.id, d])),
    }));
    const mine = people.filter((p) => p.id !== actor.id && headsSubtreeOf(actor, p.departmentId, departments));
    const granted = catalog.fields.filter((f) => f.storage === 'record' && f.visibleTo.includes('dept_head')).map((f) => f.key);
    ctx.body = {
      fields: granted,
      employees: mine.map((p) => ({
        id: p.id,
        name: p.name,
        title: p.title,
        status: p.status,
        department: departments.get(p.departmentId)?.path ?? null,
        hireDate: granted.includes('hire_date') ? p.hireDate : undefined,
        contractType: granted.includes('contract_type') ? p.contractType : undefined,
        contractEnd: granted.includes('contract_end') ? p.contractEnd : undefined,
        lastDay: granted.includes('last_day') ? p.separation.lastDay : undefined,
        handoverStatus: granted.includes('handover_status') ? p.separation.handoverStatus : undefined,
      })),
    };
  });

  router.get('/api/outbox/dead', async (ctx) => {
    await requirePermission(deps, ctx, 'outbox.dead_letters');
    ctx.body = { letters: deps.deadLetters ? await deps.deadLetters.listDead(200) : [] };
  });

  router.post('/api/outbox/dead/:id/retry', async (ctx) => {
    await requirePermission(deps, ctx, 'outbox.dead_letters');
    const id = Number(pathId(ctx));
    if (!Number.isSafeInteger(id) || !deps.deadLetters) throw new ApiError(404, 'RECORD.NOT_FOUND', 'RECORD.NOT_FOUND');
    const retried = await deps.deadLetters.retryDead(id, deps.clock.now());
    if (!retried) throw new ApiError(404, 'RECORD.NOT_FOUND', 'RECORD.NOT_FOUND');
    ctx.body = { ok: true };
  });
}
