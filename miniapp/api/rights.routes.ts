import type Router from '@koa/router';
import { z } from 'zod';
import { revealFields } from '../../core/access/reveal-fields.use-case.js';
import { listMyContactRequests } from '../../core/contact/list-contact-requests.use-case.js';
import { fileCorrection, listOpenCorrections, resolveCorrection } from '../../core/offboarding/correction-request.use-case.js';
import { myOffboarding } from '../../core/offboarding/list-offboarding.use-case.js';
import type { DataView } from '../../core/audit/who-viewed-my-data.use-case.js';
import { correlationOf, currentActor, requirePermission, unwrap, type ApiDeps } from './api-context.js';
import { consentView } from './consent.routes.js';
import { caseView, statementLine } from './offboarding.routes.js';
import { parseBody, pathId } from './validation.js';

export interface RightsRoutesDeps extends ApiDeps {
  /** The audit module's "who viewed my data" (null when the log cannot answer for this person). */
  readonly whoViewed: (employeeId: string, options: { beforeSeq?: number; limit?: number }) => Promise<{ views: DataView[]; nextBeforeSeq: number | null } | null>;
}

const correctionBody = z.object({ field: z.string().min(1).max(64), note: z.string().min(1).max(500) });
const resolveBody = z.object({ outcome: z.enum(['applied', 'declined']) });
const HISTORY_PAGES = 50;

const correctionView = (r: { id: string; employeeId: string; field: string; note: string; status: string; requestedAt: string; decidedAt: string | null }) => ({
  id: r.id,
  employeeId: r.employeeId,
  field: r.field,
  note: r.note,
  status: r.status,
  requestedAt: r.requestedAt,
  decidedAt: r.decidedAt,
});

/**
 * The data subject's rights (PIPL art. 45–46):
 * - `GET /api/me/export` (signed in) → attachment `my-data.json`: `{ format, exportedAt, employee, fields:[{field,label,state,value}],
 *   consents:{current,history}, offboarding, contactRequests, corrections, accessHistory }`. The vault values are read through the
 *   reveal use case with purpose `subject_request`, so the export itself is in the access log.
 * - `POST /api/me/corrections` `{ field, note }` → `{ correction }`; `GET /api/me/corrections` → `{ corrections }` (my own, oldest first);
 *   `GET /api/corrections` (hr_admin) → `{ corrections }` (open ones, each with `employee:{id,name}|null`);
 *   `POST /api/corrections/:id` (hr_admin) `{ outcome:'applied'|'declined' }` → `{ correction }`.
 */
export function rightsRoutes(router: Router, deps: RightsRoutesDeps): void {
  router.get('/api/me/export', async (ctx) => {
    const actor = await currentActor(deps, ctx);
    const { catalog, history, corrections } = await deps.tx.run(async (u) => ({
      catalog: await u.catalog.current(),
      history: u.consents ? await u.consents.history(actor.id) : [],
      corrections: u.corrections ? await u.corrections.listFor(actor.id) : [],
    }));
    const own = catalog.fields.filter((f) => f.purposes.includes('subject_request')).map((f) => f.key);
    const revealed = own.length
      ? unwrap(
          await revealFields(deps, {
            actorId: actor.id,
            subjectId: actor.id,
            fields: own,
            purpose: 'subject_request',
            justification: 'data export',
            channel: 'miniapp',
            correlationId: correlationOf(ctx),
          }),
        ).values
      : [];
    const offboarding = await myOffboarding(deps, { employeeId: actor.id });
    const contactRequests = await listMyContactRequests(deps, { requesterId: actor.id, limit: 500 });
    const views: DataView[] = [];
    for (let before: number | undefined, i = 0; i < HISTORY_PAGES; i++) {
      const page = await deps.whoViewed(actor.id, { beforeSeq: before, limit: 100 });
      if (!page) break;
      views.push(...page.views);
      if (page.nextBeforeSeq === null) break;
      before = page.nextBeforeSeq;
    }
    ctx.set('Content-Disposition', 'attachment; filename="my-data.json"');
    ctx.set('Cache-Control', 'no-store');
    ctx.type = 'application/json';
    ctx.body = JSON.stringify(
      {
        format: 'boundary.my-data.v1',
        exportedAt: deps.clock.now().toISOString(),
        employee: {
          id: actor.id,
          employeeNo: actor.employeeNo,
          name: actor.name,
          title: actor.title,
          departmentId: actor.departmentId,
          managerId: actor.managerId,
          workEmail: actor.workEmail,
          workPhone: actor.workPhone,
          status: actor.status,
          roles: actor.roles,
          hireDate: actor.hireDate,
          contractType: actor.contractType,
          contractEnd: actor.contractEnd,
          separation: actor.separation,
          legalHold: actor.legalHold,
          locale: actor.locale,
        },
        fields: revealed.map((v) => ({ field: v.field, section: v.section, label: v.label, state: v.state, value: v.value })),
        consents: { current: consentView(history), history },
        offboarding: offboarding.case ? { ...caseView(offboarding.case), statement: offboarding.statement?.map(statementLine) ?? [] } : null,
        contactRequests: contactRequests.map((r) => ({ ...r, createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString() })),
        corrections: corrections.map(correctionView),
        accessHistory: views.map((v) => ({ ...v, at: v.at.toISOString() })),
      },
      null,
      2,
    );
  });

  router.post('/api/me/corrections', async (ctx) => {
    const body = parseBody(ctx, correctionBody);
    const actor = await currentActor(deps, ctx);
    const r = unwrap(await fileCorrection(deps, { employeeId: actor.id, field: body.field, note: body.note, channel: 'miniapp' }));
    ctx.body = { correction: correctionView(r) };
  });

  router.get('/api/me/corrections', async (ctx) => {
    const actor = await currentActor(deps, ctx);
    const list = await deps.tx.run(async (u) => (u.corrections ? await u.corrections.listFor(actor.id) : []));
    ctx.body = { corrections: list.map(correctionView) };
  });

  router.get('/api/corrections', async (ctx) => {
    const actor = await requirePermission(deps, ctx, 'offboarding.manage');
    const open = unwrap(await listOpenCorrections(deps, { actorId: actor.id }));
    // The queue names whom each request is about; a name is internal data HR already sees in the archive.
    const names = await deps.tx.run(async (u) => {
      const m = new Map<string, string | null>();
      for (const id of new Set(open.map((r) => r.employeeId))) {
        const e = await u.employees.get(id);
        m.set(id, e && e.anonymisedAt === null ? e.name : null);
      }
      return m;
    });
    ctx.body = {
      corrections: open.map((r) => {
        const name = names.get(r.employeeId);
        return { ...correctionView(r), employee: name ? { id: r.employeeId, name } : null };
      }),
    };
  });

  router.post('/api/corrections/:id', async (ctx) => {
    const id = pathId(ctx);
    const actor = await requirePermission(deps, ctx, 'offboarding.manage');
    const body = parseBody(ctx, resolveBody);
    ctx.body = { correction: correctionView(unwrap(await resolveCorrection(deps, { actorId: actor.id, requestId: id, outcome: body.outcome, channel: 'miniapp' }))) };
  });
}
