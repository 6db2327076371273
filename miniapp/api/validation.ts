import type { Context } from 'koa';
import type { z } from 'zod';
import { ApiError } from './http-errors.js';

/** Validates a JSON body with zod; a bad body is a 400 listing each problem (no values echoed). */
export function parseBody<T extends z.ZodTypeAny>(ctx: Context, schema: T): z.infer<T> {
  const body = (ctx.request as { body?: unknown }).body;
  const result = schema.safeParse(body ?? {});
  if (!result.success)
    throw new ApiError(
      400,
      'INPUT.INVALID',
      'Invalid request body',
      result.error.issues.map((i) => ({ path: i.path.join('.'), problem: i.code })),
    );
  return result.data;
}

export function parseQuery<T extends z.ZodTypeAny>(ctx: Context, schema: T): z.infer<T> {
  const result = schema.safeParse(ctx.query);
  if (!result.success)
    throw new ApiError(
      400,
      'INPUT.INVALID',
      'Invalid query',
      result.error.issues.map((i) => ({ path: i.path.join('.'), problem: i.code })),
    );
  return result.data;
}

const ID = /^[A-Za-z0-9_-]{1,64}$/;

/** A path id: our ids are UUIDs or short slugs; anything else is a 400, never a lookup. */
export function pathId(ctx: Context, name = 'id'): string {
  const value = (ctx.params as Record<string, string | undefined> | undefined)?.[name] ?? '';
  if (!ID.test(value)) throw new ApiError(400, 'INPUT.INVALID', `Invalid ${name}`);
  return value;
}
