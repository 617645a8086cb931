import http from 'node:http';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AuthFailureOptions, createApp } from '../../src/http/app.js';
import { AuthFailureLimiter } from '../../src/http/auth-failures.js';
import { wireServices } from '../../src/runtime.js';
import { builtinCatalog, listen, openTestStore, type StoreKind } from '../harness.js';

/**
 * Failed authentication is throttled per client address, on a real socket (the client address
 * is the socket's): loopback has a whole /8, so each test speaks from its own 127.0.0.x.
 */
const LIMIT = 20;

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  json: any;
}

function send(origin: string, path: string, from: string, headers: Record<string, string>, body?: unknown): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${origin}${path}`,
      { method: body === undefined ? 'GET' : 'POST', localAddress: from, headers: { 'content-type': 'application/json', ...headers }, agent: false },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d: string) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, json: text ? JSON.parse(text) : undefined }));
      },
    );
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

async function startServer(kind: StoreKind, authFailures?: AuthFailureOptions) {
  const { store, dispose } = await openTestStore(kind);
  const services = wireServices(store, await builtinCatalog(), { egressAllow: [], searchLearning: false });
  const app = createApp({
    ...services,
    log: pino({ level: 'silent' }),
    publicUrl: undefined,
    maxBodyBytes: 1 << 20,
    ...(authFailures ? { authFailures } : {}),
  });
  const server = await listen(app);
  const key = (await services.projects.createProject('throttle')).key.key;
  return {
    url: server.url,
    key,
    async close() {
      await server.close();
      await services.shutdown();
      await store.close();
      await dispose();
    },
  };
}

const sessions = '/api/v3.1/tool_router/session/trs_none';

describe.each<StoreKind>(['sqlite', 'postgres'])('failed-authentication throttling on %s', (kind) => {
  let server: Awaited<ReturnType<typeof startServer>>;
  beforeAll(async () => {
    server = await startServer(kind);
  });
  afterAll(async () => server?.close());

  it('answers 429 with Retry-After after too many wrong keys; other clients and their correct keys are unaffected', async () => {
    const guesser = '127.0.0.11';
    for (let i = 0; i < LIMIT; i++) {
      const wrong = await send(server.url, sessions, guesser, { 'x-api-key': `trk_guess_${i}` });
      expect(wrong.status).toBe(401);
    }
    const blocked = await send(server.url, sessions, guesser, { 'x-api-key': 'trk_guess_more' });
    expect(blocked.status).toBe(429);
    const retryAfter = Number(blocked.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(blocked.json.error).toMatchObject({ slug: 'Auth_TooManyFailures', status: 429, code: 10429 });
    expect(blocked.json.error.suggested_fix).toBeTruthy();

    // Another client: its correct key works (404: the session does not exist, past auth), its wrong key is a plain 401.
    expect((await send(server.url, sessions, '127.0.0.12', { 'x-api-key': server.key })).status).toBe(404);
    expect((await send(server.url, sessions, '127.0.0.12', { 'x-api-key': 'trk_typo' })).status).toBe(401);
    // The blocked client is refused even with the correct key: otherwise a guess that hits would
    // still show as a success, and the block would slow no guessing (documented in docs/security.md).
    expect((await send(server.url, sessions, guesser, { 'x-api-key': server.key })).status).toBe(429);
  });

  it('cuts off a parallel burst at the limit', async () => {
    const replies = await Promise.all(Array.from({ length: 100 }, (_, i) => send(server.url, sessions, '127.0.0.13', { 'x-api-key': `trk_burst_${i}` })));
    const counts: Record<number, number> = {};
    for (const r of replies) counts[r.status] = (counts[r.status] ?? 0) + 1;
    expect(counts).toEqual({ 401: LIMIT, 429: 100 - LIMIT });
  });

  it('counts wrong MCP URL tokens and keys on the MCP endpoint, sharing the limit with the REST API', async () => {
    const client = '127.0.0.14';
    const mcp = '/tool_router/trs_none/mcp';
    const rpc = { jsonrpc: '2.0', id: 1, method: 'ping' };
    for (let i = 0; i < LIMIT / 2; i++) {
      expect((await send(server.url, `${mcp}?token=trmcp_guess_${i}`, client, {}, rpc)).status).toBe(401);
      expect((await send(server.url, mcp, client, { 'x-api-key': `trk_guess_${i}` }, rpc)).status).toBe(401);
    }
    const blocked = await send(server.url, `${mcp}?token=trmcp_more`, client, {}, rpc);
    expect(blocked.status).toBe(429);
    expect(blocked.headers['retry-after']).toBeDefined();
    expect((await send(server.url, sessions, client, { 'x-api-key': 'trk_elsewhere' })).status).toBe(429);
  });

  it('does not count missing keys or correct keys', async () => {
    const client = '127.0.0.15';
    for (let i = 0; i < LIMIT * 2; i++) {
      expect((await send(server.url, sessions, client, {})).status).toBe(401);
      expect((await send(server.url, sessions, client, { 'x-api-key': server.key })).status).toBe(404);
    }
    expect((await send(server.url, sessions, client, { 'x-api-key': 'trk_first_wrong' })).status).toBe(401);
  });
});

describe('who the client is', () => {
  it('ignores X-Forwarded-For unless the peer is a trusted proxy', async () => {
    const server = await startServer('sqlite', { maxFailures: 3, windowMs: 60_000, trustedProxies: [] });
    try {
      for (let i = 0; i < 3; i++) await send(server.url, sessions, '127.0.0.21', { 'x-api-key': 'trk_x', 'x-forwarded-for': `10.0.0.${i}` });
      // A made-up X-Forwarded-For does not make a new client.
      expect((await send(server.url, sessions, '127.0.0.21', { 'x-api-key': 'trk_x', 'x-forwarded-for': '10.9.9.9' })).status).toBe(429);
    } finally {
      await server.close();
    }
  });

  it('behind a trusted proxy, tells clients apart by the right-most untrusted X-Forwarded-For address', async () => {
    const server = await startServer('sqlite', { maxFailures: 3, windowMs: 60_000, trustedProxies: ['127.0.0.0/8'] });
    try {
      const from = (xff: string, key = 'trk_x') => send(server.url, sessions, '127.0.0.31', { 'x-api-key': key, 'x-forwarded-for': xff });
      for (let i = 0; i < 3; i++) expect((await from('203.0.113.7')).status).toBe(401);
      expect((await from('203.0.113.7')).status).toBe(429);
      // A spoofed left-most entry does not help: the proxy appends the real address.
      expect((await from('198.51.100.1, 203.0.113.7')).status).toBe(429);
      // Another client behind the same proxy is not blocked.
      expect((await from('203.0.113.8', server.key)).status).toBe(404);
      expect((await from('203.0.113.8')).status).toBe(401);
    } finally {
      await server.close();
    }
  });
});

describe('the limiter', () => {
  const context = () => ({ header: () => undefined }) as never;

  it('lets a client try again once its oldest failure leaves the window', async () => {
    let now = 1_000_000;
    const limiter = new AuthFailureLimiter({ maxFailures: 2, windowMs: 10_000, maxClients: 100 }, () => now);
    const fail = () => limiter.attempt(context(), 'c', async () => undefined);
    await fail();
    now += 4_000;
    await fail();
    await expect(fail()).rejects.toMatchObject({ code: 'AUTH_TOO_MANY_FAILURES' });
    now += 6_000; // the first failure is now 10 s old: out of the window
    await expect(fail()).resolves.toBeUndefined();
    await expect(fail()).rejects.toMatchObject({ code: 'AUTH_TOO_MANY_FAILURES' });
  });

  it('counts nothing when the limit is 0 (off)', async () => {
    const limiter = new AuthFailureLimiter({ maxFailures: 0, windowMs: 60_000, maxClients: 50 });
    for (let i = 0; i < 100; i++) await expect(limiter.attempt(context(), 'c', async () => undefined)).resolves.toBeUndefined();
    expect(limiter.size).toBe(0);
  });

  it('remembers a bounded number of clients', async () => {
    const limiter = new AuthFailureLimiter({ maxFailures: 5, windowMs: 60_000, maxClients: 50 });
    for (let i = 0; i < 1_000; i++) await limiter.attempt(context(), `client-${i}`, async () => undefined);
    expect(limiter.size).toBe(50);
  });
});
