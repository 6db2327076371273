import type Router from '@koa/router';
import { z } from 'zod';
import type { ContactDeps } from '../../core/contact/contact-context.js';
import { cancelContactRequest } from '../../core/contact/cancel-contact-request.use-case.js';
import { listContactQueue, listMyContactRequests } from '../../core/contact/list-contact-requests.use-case.js';
import { reviewContactRequest } from '../../core/contact/review-contact-request.use-case.js';
import { requesterStatus } from '../../core/contact/list-contact-requests.use-case.js';
import { unwrap } from './api-context.js';
import { actorId, requireSession } from './auth.js';
import type { SessionOptions } from './session.js';
import { parseBody } from './validation.js';

export interface ContactRoutesDeps {
  readonly contact: ContactDeps;
  readonly session: SessionOptions;
  readonly publicOrigin: string;
}

const review = z.object({ decision: z.enum(['approve', 'reject', 'cancel']), note: z.string().max(300).optional() });

/**
 * Contact requests in the mini-app:
 * - `GET /api/contact-requests/mine` (signed in) → `{ requests:[{id,target:{name,department},reason,status,createdAt,updatedAt,shared:{kind,value}|null,reply|null,hrNote|null}] }`;
 *   every neutral ending (declined, blocked, expired, undeliverable) is `status: 'closed'`.
 * - `POST /api/contact-requests/:id/cancel` (the requester) → `{ id, status }`; anyone else's id → 404 `CONTACT.NOT_FOUND`.
 * - `GET /api/contact-requests` (hr_admin) → `{ requests:[{id,requester:{id,name,department},target:{name,department},reason,message,status,createdAt}] }` (open ones, hr_review first).
 * - `POST /api/contact-requests/:id/review` (hr_admin) `{ decision:'approve'|'reject'|'cancel', note? }` → `{ id, status }`;
 *   reject/cancel needs a note (told to the requester), else 400 `INPUT.INVALID`.
 */
export function contactRoutes(router: Router, deps: ContactRoutesDeps): void {
  const auth = requireSession(deps.session, deps.publicOrigin);
  const d = deps.contact;

  router.get('/api/contact-requests/mine', auth, async (ctx) => {
    const mine = await listMyContactRequests(d, { requesterId: actorId(ctx), limit: 100 });
    ctx.body = {
      requests: mine.map((r) => ({ ...r, createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString() })),
    };
  });

  router.post('/api/contact-requests/:id/cancel', auth, async (ctx) => {
    const r = unwrap(await cancelContactRequest(d, { requesterId: actorId(ctx), requestId: ctx.params.id!, channel: 'miniapp' }));
    ctx.body = { id: r.id, status: requesterStatus(r.status) };
  });

  router.get('/api/contact-requests', auth, async (ctx) => {
    const queue = unwrap(await listContactQueue(d, { hrId: actorId(ctx), channel: 'miniapp', limit: 100 }));
    ctx.body = { requests: queue.map((q) => ({ ...q, createdAt: q.createdAt.toISOString() })) };
  });

  router.post('/api/contact-requests/:id/review', auth, async (ctx) => {
    const body = parseBody(ctx, review);
    const r = unwrap(
      await reviewContactRequest(d, {
        reviewerId: actorId(ctx),
        requestId: ctx.params.id!,
        decision: body.decision === 'approve' ? 'approve' : 'cancel',
        note: body.note ?? null,
        channel: 'miniapp',
      }),
    );
    ctx.body = { id: r.id, status: r.status };
  });
}
