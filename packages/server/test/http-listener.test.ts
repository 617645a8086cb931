import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listen } from './harness.js';
import { envelope } from './hostile/verdict.js';
import { send, type WireRequest } from './hostile/wire.js';

/**
 * Requests Node's HTTP parser (or the adapter in front of the app) refuses before any route runs
 * still get the error envelope, not a bare status line (http/listener.ts).
 */
let server: Awaited<ReturnType<typeof listen>>;
let port: number;
beforeAll(async () => {
  const app = new Hono();
  app.get('/health', (c) => c.json({ status: 'ok' }));
  server = await listen(app);
  port = Number(new URL(server.url).port);
});
afterAll(() => server.close());

async function answer(req: WireRequest) {
  const outcome = await send(port, req, 5_000);
  if (!outcome.ok) throw new Error(outcome.problem);
  return outcome.response;
}

describe('the HTTP listener', () => {
  it.each([
    ['a header name with a space', [['Bad Header', 'x']], 400, 'Request_Malformed'],
    ['a control character in a header value', [['x-trace', 'a\u0001b']], 400, 'Request_Malformed'],
    [
      'two different Content-Length values',
      [
        ['Content-Length', '5'],
        ['Content-Length', '7'],
      ],
      400,
      'Request_Malformed',
    ],
    ['headers past 16 KB', [['x-big', 'v'.repeat(20_000)]], 431, 'Request_HeadersTooLarge'],
    ['a Host header that is no URL authority', [['Host', '[::1']], 400, 'Request_Malformed'],
  ] as Array<[string, Array<[string, string]>, number, string]>)('answers %s with the error envelope', async (_name, headers, status, slug) => {
    const res = await answer({ method: 'GET', path: '/health', headers });
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toContain('application/json');
    const json = JSON.parse(res.body);
    expect(envelope(json, status)).toEqual([]);
    expect(json.error.slug).toBe(slug);
  });

  it('serves a request whose Expect header it does not know, as if the header were absent', async () => {
    const res = await answer({ method: 'GET', path: '/health', headers: [['Expect', 'something-else']] });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ status: 'ok' });
  });
});
