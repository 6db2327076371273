import type { Context } from 'koa';
import type { Clock } from '../../core/shared/clock.port.js';
import type { IdGenerator } from '../../core/shared/ids.port.js';
import type { Transactor } from '../../core/shared/unit-of-work.port.js';
import type { DomainError } from '../../core/shared/domain-error.js';
import type { Result } from '../../core/shared/result.js';
import type { Employee } from '../../core/records/employee.js';
import { can, type Permission } from '../../core/access/permissions.js';
import { ApiError, fromDomainError } from './http-errors.js';
import { actorId } from './auth.js';

/** What every mini-app route module needs; built once by the composition root. */
export interface ApiDeps {
  readonly tx: Transactor;
  readonly clock: Clock;
  readonly ids: IdGenerator;
}

/** Unwraps a use case's result or throws the mapped HTTP error. */
export function unwrap<T>(result: Result<T, DomainError>): T {
  if (!result.ok) throw fromDomainError(result.error);
  return result.value;
}

export const correlationOf = (ctx: Context): string => String(ctx.state.requestId ?? '');

/**
 * Loads the caller fresh (roles may have changed since the last request) and checks a
 * permission from core's table. Refusals look the same whatever the reason.
 */
export async function requirePermission(deps: ApiDeps, ctx: Context, permission: Permission): Promise<Employee> {
  const actor = await deps.tx.run((u) => u.employees.get(actorId(ctx)));
  if (!actor || !can(actor, permission)) throw new ApiError(403, 'ACCESS.DENIED', 'ACCESS.DENIED', { reason: 'PURPOSE_NOT_FOR_ROLE' });
  return actor;
}

export async function currentActor(deps: ApiDeps, ctx: Context): Promise<Employee> {
  const actor = await deps.tx.run((u) => u.employees.get(actorId(ctx)));
  if (!actor || actor.status === 'departed') throw new ApiError(401, 'AUTH.REQUIRED', 'Sign in first');
  return actor;
}
