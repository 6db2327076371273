import type { IncomingMessage } from 'node:http';
import type { Context, Middleware, Next } from 'koa';
import { ApiError as HttpError } from '../../../miniapp/api/http-errors.js';

const DEFAULT_LIMIT = 256 * 1024;

/**
 * The body's bytes, by stream events: `for await` over the request built an async iterator and
 * an end-of-stream watcher per request, a few per cent of a signed webhook's CPU. Like the loop
 * it replaces, an oversize body destroys the request (the client is still sending) and a client
 * that goes away mid-body is an error.
 */
function readAll(req: IncomingMessage, limitBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (error?: unknown) => {
      req.off('data', onData).off('end', onEnd).off('error', done).off('close', onClose);
      if (error) reject(error);
      else resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limitBytes) {
        done(new HttpError(413, 'HTTP.BODY_TOO_LARGE', `Body larger than ${limitBytes} bytes`));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => done();
    const onClose = () => done(Object.assign(new Error('request closed before its body ended'), { code: 'ERR_STREAM_PREMATURE_CLOSE' }));
    if (req.readableEnded) return resolve(Buffer.alloc(0));
    req.on('data', onData).on('end', onEnd).on('error', done).on('close', onClose);
  });
}

/**
 * Reads the request body once, as raw bytes (webhook signatures are checked on these), then
 * parses JSON or form bodies. Bad bytes or bad JSON are a 400 with a reason; oversize is a 413.
 * Routes find `ctx.request.rawBody` (Buffer) and `ctx.request.body` (parsed, or undefined).
 */
export function bodyReader(limitBytes = DEFAULT_LIMIT): Middleware {
  return async (ctx: Context, next: Next) => {
    if (!['POST', 'PUT', 'PATCH', 'DELETE'].includes(ctx.method)) return next();
    const declared = Number(ctx.get('content-length') || '0');
    if (declared > limitBytes) throw new HttpError(413, 'HTTP.BODY_TOO_LARGE', `Body larger than ${limitBytes} bytes`);
    const raw = await readAll(ctx.req, limitBytes);
    const request = ctx.request as typeof ctx.request & { rawBody: Buffer; body: unknown };
    request.rawBody = raw;
    request.body = undefined;
    if (raw.length === 0) return next();
    // Messenger callbacks are parsed by their receivers after the signature check, so an
    // unsigned request with a broken body is a 401, not a 400.
    if (ctx.path.startsWith('/dingtalk/')) return next();
    const type = ctx.request.type;
    if (type === 'application/json' || type === 'application/x-www-form-urlencoded') {
      let text: string;
      try {
        text = new TextDecoder('utf-8', { fatal: true }).decode(raw);
      } catch {
        throw new HttpError(400, 'HTTP.BAD_ENCODING', 'Body is not valid UTF-8');
      }
      if (type === 'application/json') {
        try {
          request.body = JSON.parse(text);
        } catch {
          throw new HttpError(400, 'HTTP.BAD_JSON', 'Body is not valid JSON');
        }
      } else {
        request.body = Object.fromEntries(new URLSearchParams(text));
      }
    }
    return next();
  };
}
