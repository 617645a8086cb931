import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from './harness.js';
import { echoSpec, FixedCredentials, startEchoServer } from './helpers/echo-server.js';

/**
 * Before/after-execute hooks delivered to the operator's webhook (a real loopback server): signed
 * deliveries, blocking, rewriting arguments and results, failing closed before a call and open
 * after it, and only for sessions that ask. Runs on both stores.
 */
const BASE = '/api/v3.1/tool_router/session';
const SECRET = 'hook-secret-0123456789abcdef';

type Handler = (body: any, res: ServerResponse) => void;

async function startHookServer() {
  const deliveries: Array<{ body: any; headers: IncomingMessage['headers']; raw: string }> = [];
  let handler: Handler = (_body, res) => res.end('{}');
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString();
      const body = JSON.parse(raw);
      deliveries.push({ body, headers: req.headers, raw });
      res.setHeader('content-type', 'application/json');
      handler(body, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    deliveries,
    answer(h: Handler) {
      handler = h;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe.each(['sqlite', 'postgres'] as const)('execute hooks on %s', (store) => {
  let echo: Awaited<ReturnType<typeof startEchoServer>>;
  let hook: Awaited<ReturnType<typeof startHookServer>>;
  let api: TestApi;

  beforeAll(async () => {
    echo = await startEchoServer();
    hook = await startHookServer();
    api = await startTestApi({
      store,
      egressAllow: ['127.0.0.1'],
      wiring: { credentials: new FixedCredentials({ mode: 'BEARER_TOKEN', token: 't' }), executeHook: { url: hook.url, secret: SECRET, timeoutMs: 500 } },
    });
    expect((await api.call('POST', '/api/v3.1/toolkits/import', { slug: 'echo', spec: echoSpec(echo.url) })).status).toBe(201);
  });
  afterAll(async () => {
    await api?.close();
    await hook?.close();
    await echo?.close();
  });

  const session = async (hooks?: Record<string, boolean>) =>
    (await api.call('POST', BASE, { user_id: 'hooked', toolkits: ['echo'], ...(hooks ? { hooks } : {}) })).json.session_id as string;
  const read = (id: string, thingId = 1) => api.call('POST', `${BASE}/${id}/execute`, { tool_slug: 'ECHO_READ_THING', arguments: { thingId } });

  it('signs the delivery, and a before hook may rewrite the arguments', async () => {
    const id = await session({ before_execute: true });
    expect((await api.call('GET', `${BASE}/${id}`)).json.config.hooks).toEqual({ before_execute: true, after_execute: false });
    hook.answer((_b, res) => res.end(JSON.stringify({ action: 'allow', arguments: { thingId: 99 } })));
    const res = await read(id, 1);
    expect(res.json.error).toBeNull();
    expect(res.json.data.path).toBe('/things/99');
    const delivery = hook.deliveries.at(-1)!;
    expect(delivery.body).toMatchObject({
      type: 'before_execute',
      session_id: id,
      user_id: 'hooked',
      tool_slug: 'ECHO_READ_THING',
      toolkit: 'echo',
      arguments: { thingId: 1 },
    });
    const timestamp = delivery.headers['x-toolrouter-timestamp'];
    const expected = `v1=${createHmac('sha256', SECRET).update(`${timestamp}.${delivery.raw}`).digest('hex')}`;
    expect(delivery.headers['x-toolrouter-signature']).toBe(expected);
  });

  it('a blocked call does not run and answers resultType "blocked"', async () => {
    const id = await session({ before_execute: true });
    hook.answer((_b, res) => res.end(JSON.stringify({ action: 'block', reason: 'outside business hours' })));
    const before = echo.received.length;
    const res = await read(id);
    expect(res.json.data).toEqual({ resultType: 'blocked', reason: 'outside business hours' });
    expect(res.json.error).toContain('outside business hours');
    expect(echo.received.length).toBe(before);
  });

  it('fails closed when the before hook errs or does not answer in time', async () => {
    const id = await session({ before_execute: true });
    const before = echo.received.length;
    hook.answer((_b, res) => {
      res.statusCode = 500;
      res.end('{}');
    });
    expect((await read(id)).json.data.resultType).toBe('blocked');
    hook.answer(() => undefined); // never answers: the 500 ms hook timeout decides
    const late = await read(id);
    expect(late.json.data.resultType).toBe('blocked');
    expect(echo.received.length).toBe(before);
  });

  it('an after hook may rewrite the result, and failing leaves it as it was', async () => {
    const id = await session({ after_execute: true });
    hook.answer((body, res) => res.end(JSON.stringify({ result: { data: { redacted: true, seen: body.result.data.path }, error: null } })));
    const rewritten = await read(id, 5);
    expect(rewritten.json).toMatchObject({ error: null, data: { redacted: true, seen: '/things/5' } });
    expect(hook.deliveries.at(-1)!.body.type).toBe('after_execute');
    hook.answer((_b, res) => {
      res.statusCode = 502;
      res.end();
    });
    expect((await read(id, 6)).json.data.path).toBe('/things/6');
  });

  it('sessions that do not ask for hooks never reach the webhook', async () => {
    const id = await session();
    const count = hook.deliveries.length;
    expect((await read(id)).json.error).toBeNull();
    expect(hook.deliveries.length).toBe(count);
  });
});
