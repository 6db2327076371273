import type Router from '@koa/router';
import { z } from 'zod';
import type { Transactor } from '../../core/shared/unit-of-work.port.js';
import type { DirectoryLookup } from '../../core/identity/directory.port.js';
import { ApiError } from './http-errors.js';
import { clearSessionCookies, setSessionCookies, type SessionOptions } from './session.js';
import { actorId, assertSameOrigin, assertSameOriginWithCsrf, requireSession } from './auth.js';
import { parseBody } from './validation.js';

export interface AuthRoutesDeps {
  readonly tx: Transactor;
  readonly session: SessionOptions;
  readonly directory: DirectoryLookup;
  readonly demo: boolean;
  readonly publicOrigin: string;
}

const dingtalkLogin = z.object({ code: z.string().min(1).max(512) });
const demoLogin = z.object({ employeeId: z.string().min(1).max(64) });

/** Sign-in: DingTalk auth code (requestAuthCode) → user id → session; demo mode: pick a person. */
export function authRoutes(router: Router, deps: AuthRoutesDeps): void {
  router.post('/api/auth/dingtalk', async (ctx) => {
    // No session yet, so no CSRF token: the Origin check alone stops another site from signing
    // a visitor in to an account of its choosing (the body parser also takes plain form posts).
    assertSameOrigin(ctx, deps.publicOrigin);
    const { code } = parseBody(ctx, dingtalkLogin);
    const userId = await deps.directory.userIdFromAuthCode(code);
    const employee = userId ? await deps.tx.run((u) => u.employees.getByDingtalkUserId(userId)) : null;
    // Former employees sign in through their signed links, never through the messenger.
    if (!employee || employee.status === 'departed') throw new ApiError(401, 'AUTH.UNKNOWN_USER', 'This account has no access');
    const csrf = setSessionCookies(ctx, deps.session, employee.id);
    ctx.body = { employeeId: employee.id, csrfToken: csrf };
  });

  if (deps.demo) {
    router.get('/api/auth/demo-users', async (ctx) => {
      const people = await deps.tx.run((u) => u.employees.search({ status: ['active', 'pending_departure'], limit: 200 }));
      ctx.body = {
        users: people.map((p) => ({ id: p.id, name: p.name, title: p.title, roles: p.roles, departmentId: p.departmentId })),
      };
    });
    router.post('/api/auth/demo', async (ctx) => {
      assertSameOrigin(ctx, deps.publicOrigin);
      const { employeeId } = parseBody(ctx, demoLogin);
      const employee = await deps.tx.run((u) => u.employees.get(employeeId));
      if (!employee || employee.status === 'departed') throw new ApiError(401, 'AUTH.UNKNOWN_USER', 'This account has no access');
      const csrf = setSessionCookies(ctx, deps.session, employee.id);
      ctx.body = { employeeId: employee.id, csrfToken: csrf };
    });
  }

  router.post('/api/auth/logout', requireSession(deps.session, deps.publicOrigin), async (ctx) => {
    assertSameOriginWithCsrf(ctx, deps.publicOrigin);
    clearSessionCookies(ctx, deps.session);
    ctx.body = { ok: true };
  });

  router.get('/api/me', requireSession(deps.session, deps.publicOrigin), async (ctx) => {
    const me = await deps.tx.run((u) => u.employees.get(actorId(ctx)));
    if (!me || me.status === 'departed') throw new ApiError(401, 'AUTH.REQUIRED', 'Sign in first');
    ctx.body = {
      id: me.id,
      name: me.name,
      roles: me.roles,
      status: me.status,
      departmentId: me.departmentId,
      locale: me.locale,
    };
  });
}
