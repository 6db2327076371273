import { afterEach, describe, expect, it } from 'vitest';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import Koa from 'koa';
import { bodyReader } from '../../scripts/app/http/body.js';
import { errorHandler } from '../../scripts/app/http/middleware.js';

let close: (() => void) | undefined;
afterEach(() => close?.());

/** A server echoing what the body reader produced; `outcomes` records how each request ended. */
async function serve(limit: number) {
  const outcomes: string[] = [];
  const app = new Koa();
  app.silent = true;
  app.use(async (ctx, next) => {
    try {
      await next();
      outcomes.push(`ok ${ctx.status}`);
    } catch (e) {
      outcomes.push(`error ${(e as { code?: string }).code ?? (e as Error).message}`);
      throw e;
    }
  });
  app.use(errorHandler());
  app.use(bodyReader(limit));
  app.use((ctx) => {
    const r = ctx.request as unknown as { rawBody: Buffer; body: unknown };
    ctx.body = { bytes: r.rawBody.length, hex: r.rawBody.toString('hex'), parsed: r.body ?? null };
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  close = () => server.close();
  return { port: (server.address() as AddressInfo).port, outcomes };
}

/** Sends raw HTTP and returns whatever came back before the server closed or answered. */
function raw(port: number, parts: string[], end = true): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let got = '';
    socket.on('data', (d) => (got += d.toString()));
    socket.on('close', () => resolve(got));
    socket.on('error', () => undefined);
    socket.on('connect', async () => {
      for (const p of parts) {
        socket.write(p);
        await new Promise((r) => setTimeout(r, 15));
      }
      if (end) setTimeout(() => socket.end(), 200);
      else socket.destroy();
    });
  });
}

describe('body reader', () => {
  it('joins a body sent in several chunks byte for byte and parses JSON', async () => {
    const { port } = await serve(1024);
    const body = JSON.stringify({ text: '帮助', n: 1 });
    const bytes = Buffer.from(body);
    const head = `POST /x HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${bytes.length}\r\nConnection: close\r\n\r\n`;
    // Split inside a multi-byte character.
    const cut = bytes.indexOf(Buffer.from('帮')) + 1;
    const res = await new Promise<string>((resolve) => {
      const socket = connect(port, '127.0.0.1', async () => {
        socket.write(head);
        socket.write(bytes.subarray(0, cut));
        await new Promise((r) => setTimeout(r, 20));
        socket.write(bytes.subarray(cut));
      });
      let got = '';
      socket.on('data', (d) => (got += d.toString()));
      socket.on('close', () => resolve(got));
    });
    expect(res).toMatch(/^HTTP\/1.1 200/);
    const echoed = JSON.parse(res.slice(res.indexOf('\r\n\r\n') + 4)) as { bytes: number; hex: string; parsed: unknown };
    expect(echoed).toEqual({ bytes: bytes.length, hex: bytes.toString('hex'), parsed: { text: '帮助', n: 1 } });
  });

  it('answers 413 for a declared oversize body and closes a chunked one that grows past the limit', async () => {
    const { port, outcomes } = await serve(64);
    const declared = await raw(port, [`POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: 65\r\nConnection: close\r\n\r\n`]);
    expect(declared).toMatch(/^HTTP\/1.1 413/);
    const chunk = (s: string) => `${s.length.toString(16)}\r\n${s}\r\n`;
    await raw(port, [`POST /x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n`, chunk('a'.repeat(40)), chunk('b'.repeat(40))], false);
    await new Promise((r) => setTimeout(r, 100));
    expect(outcomes).toEqual(['ok 413', 'ok 413']);
  });

  it('fails the request (never hangs) when the client goes away mid-body', async () => {
    const { port, outcomes } = await serve(1024);
    await raw(port, [`POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n`, 'only part'], false);
    await new Promise((r) => setTimeout(r, 150));
    expect(outcomes).toEqual(['ok 500']);
  });
});
