import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppliedAuth } from '../src/connections/credentials.js';
import { startTestApi, type TestApi } from './harness.js';
import { echoSpec, FixedCredentials, startEchoServer } from './helpers/echo-server.js';

/**
 * HTTP tools end to end: a real loopback API imported from an OpenAPI document, executed through
 * POST …/execute with credentials from a test double of our own credential seam.
 */
const BASE = '/api/v3.1/tool_router/session';
let echo: Awaited<ReturnType<typeof startEchoServer>>;
let api: TestApi;
const broker = new FixedCredentials({ mode: 'BEARER_TOKEN', token: 'tok_secret_123' }, { mode: 'BEARER_TOKEN', token: 'fresh' });

beforeAll(async () => {
  echo = await startEchoServer();
  api = await startTestApi({ egressAllow: ['127.0.0.1'], wiring: { credentials: broker, executionTimeoutMs: 1_000 } });
  const imported = await api.call('POST', '/api/v3.1/toolkits/import', { slug: 'echo', spec: echoSpec(echo.url) });
  expect(imported.status).toBe(201);
});
afterAll(async () => {
  await api.close();
  await echo.close();
});

async function session(config: Record<string, unknown> = {}): Promise<string> {
  const res = await api.call('POST', BASE, { user_id: 'alice', toolkits: ['echo', 'hackernews'], ...config });
  expect(res.status).toBe(201);
  return res.json.session_id;
}

const run = (id: string, tool_slug: string, args: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  api.call('POST', `${BASE}/${id}/execute`, { tool_slug, arguments: args, ...extra });

describe('HTTP tool execution', () => {
  it('places path, query, header and body arguments per the binding and injects the credentials', async () => {
    const id = await session();
    const res = await run(id, 'ECHO_CREATE_THING', { thingId: 42, verbose: true, labels: ['a', 'b'], 'X-Trace': 't-1', name: 'lamp', size: 3 });
    expect(res.status).toBe(200);
    expect(res.json.error).toBeNull();
    expect(res.json.log_id).toMatch(/^log_/);
    const seen = res.json.data;
    expect(seen).toMatchObject({ method: 'POST', path: '/things/42', body: { name: 'lamp', size: 3 } });
    expect(echo.received.at(-1)?.url).toBe('/things/42?verbose=true&labels=a&labels=b');
    expect(seen.headers).toMatchObject({ 'x-trace': 't-1', authorization: 'Bearer tok_secret_123', 'content-type': 'application/json' });
  });

  it.each<[string, AppliedAuth, (r: { url: string; headers: Record<string, unknown> }) => void]>([
    ['OAUTH2', { mode: 'OAUTH2', token: 'oauth-token' }, (r) => expect(r.headers['authorization']).toBe('Bearer oauth-token')],
    ['BEARER_TOKEN', { mode: 'BEARER_TOKEN', token: 'pat-token' }, (r) => expect(r.headers['authorization']).toBe('Bearer pat-token')],
    ['API_KEY header', { mode: 'API_KEY', in: 'header', name: 'X-Api-Key', value: 'Key k-1' }, (r) => expect(r.headers['x-api-key']).toBe('Key k-1')],
    ['API_KEY query', { mode: 'API_KEY', in: 'query', name: 'api_key', value: 'k-2' }, (r) => expect(r.url).toContain('api_key=k-2')],
    ['API_KEY cookie', { mode: 'API_KEY', in: 'cookie', name: 'sid', value: 'k-3' }, (r) => expect(r.headers['cookie']).toBe('sid=k-3')],
    [
      'BASIC',
      { mode: 'BASIC', username: 'ann', password: 'pw' },
      (r) => expect(r.headers['authorization']).toBe(`Basic ${Buffer.from('ann:pw').toString('base64')}`),
    ],
  ])('injects %s credentials', async (_mode, auth, check) => {
    const previous = broker.auth;
    broker.auth = auth;
    try {
      const id = await session();
      const res = await run(id, 'ECHO_READ_THING', { thingId: 7 });
      expect(res.json.error).toBeNull();
      const last = echo.received.at(-1)!;
      check({ url: last.url, headers: last.headers as Record<string, unknown> });
    } finally {
      broker.auth = previous;
    }
  });

  it('passes the account the caller named to the credential broker', async () => {
    const id = await session();
    await run(id, 'ECHO_READ_THING', { thingId: 1 }, { account: 'work' });
    expect(broker.requests.at(-1)).toEqual({ toolkit: 'echo', account: 'work' });
  });

  it('refuses schema-invalid arguments before any request, naming the field', async () => {
    const id = await session();
    const before = echo.received.length;
    const res = await run(id, 'ECHO_CREATE_THING', { thingId: 'x', size: 99, bogus: 1 });
    expect(res.status).toBe(200);
    expect(res.json.data).toEqual({});
    expect(res.json.error).toMatch(/arguments\.thingId: must be integer/);
    expect(res.json.error).toMatch(/arguments\.name: is required/);
    expect(res.json.error).toMatch(/arguments\.size: must be <= 10/);
    expect(echo.received.length).toBe(before);
  });

  it('refuses a tool outside the session with the reason', async () => {
    const id = await session({ tools: { echo: { disable: ['ECHO_READ_THING'] } } });
    const res = await run(id, 'ECHO_READ_THING', { thingId: 1 });
    expect(res.status).toBe(200);
    expect(res.json.error).toMatch(/not available in this session: it is in tools\.echo\.disable/);
  });

  it('turns provider errors into a readable error with the status and a trimmed body; side-effecting failures are not retried', async () => {
    const id = await session();
    const res = await run(id, 'ECHO_FAIL_WITH_STATUS', { code: 503 });
    expect(res.status).toBe(200);
    expect(res.json.error).toMatch(/^503 Service Unavailable from 127\.0\.0\.1:\d+: .*you asked for 503/);
    expect(res.json.error.length).toBeLessThan(800);
    expect(res.json.data).toMatchObject({ status_code: 503, body: { message: 'you asked for 503' } });
    expect(res.headers.get('x-should-retry')).toBe('false');
  });

  it('surfaces Retry-After on 429', async () => {
    const id = await session();
    const res = await run(id, 'ECHO_FAIL_WITH_STATUS', { code: 429 });
    expect(res.json.error).toMatch(/retry after 7 s/);
    expect(res.json.data.retry_after_seconds).toBe(7);
  });

  it('renews credentials once after a provider 401 and retries', async () => {
    const id = await session();
    const before = broker.renewCalls;
    const res = await run(id, 'ECHO_NEEDS_FRESH_TOKEN', {});
    expect(res.json).toMatchObject({ data: { ok: true }, error: null });
    expect(broker.renewCalls).toBe(before + 1);
  });

  it('times out cleanly', async () => {
    const id = await session();
    const started = Date.now();
    const res = await run(id, 'ECHO_SLOW_READ', {});
    expect(res.json.error).toMatch(/timed out after 1000 ms/);
    expect(Date.now() - started).toBeLessThan(2_900);
  });

  it('wraps non-object payloads so data is always an object', async () => {
    const id = await session();
    const res = await run(id, 'ECHO_LIST_NUMBERS', {});
    expect(res.json.data).toEqual({ response_data: [1, 2, 3] });
  });

  it('offloads results above workbench.auto_offload_threshold and serves them by handle', async () => {
    const id = await session({ workbench: { auto_offload_threshold: 500 } });
    const res = await run(id, 'ECHO_BIG_READ', {});
    expect(res.json.error).toBeNull();
    const data = res.json.data;
    expect(data).toMatchObject({ offloaded: true, result_handle: expect.stringMatching(/^res_/), size_chars: expect.any(Number) });
    expect(data.preview.length).toBeLessThan(2_000);
    const full = await api.call('GET', `${BASE}/${id}/results/${data.result_handle}`);
    expect(full.status).toBe(200);
    expect(full.json.data.rows).toHaveLength(500);
    expect(full.json.log_id).toBe(res.json.log_id);
    // Handles are bound to their session and project.
    const other = await session();
    expect((await api.call('GET', `${BASE}/${other}/results/${data.result_handle}`)).status).toBe(404);
    expect((await api.call('GET', `${BASE}/${id}/results/${data.result_handle}`, undefined, api.keyB)).status).toBe(404);
  });

  it('logs every execution, queryable with filters, with secrets redacted', async () => {
    const id = await session();
    await run(id, 'ECHO_CREATE_THING', { thingId: 5, name: 'x', 'X-Trace': 'tok_secret_123' });
    await run(id, 'ECHO_FAIL_WITH_STATUS', { code: 500 });
    const all = await api.call('GET', `/api/v3.1/execution_logs?session_id=${id}`);
    expect(all.status).toBe(200);
    expect(all.json.items).toHaveLength(2);
    const [failed, created] = all.json.items;
    expect(failed).toMatchObject({
      tool_slug: 'ECHO_FAIL_WITH_STATUS',
      toolkit: 'echo',
      status: 'error',
      user_id: 'alice',
      connected_account_id: 'ca_test1',
      session_id: id,
    });
    expect(created).toMatchObject({ tool_slug: 'ECHO_CREATE_THING', status: 'success', duration_ms: expect.any(Number) });
    expect(JSON.stringify(all.json)).not.toContain('tok_secret_123');
    const errorsOnly = await api.call('GET', `/api/v3.1/execution_logs?session_id=${id}&status=error`);
    expect(errorsOnly.json.items.map((i: { tool_slug: string }) => i.tool_slug)).toEqual(['ECHO_FAIL_WITH_STATUS']);
    const one = await api.call('GET', `/api/v3.1/execution_logs/${created.id}`);
    expect(one.json).toMatchObject({ id: created.id, arguments: { thingId: 5, name: 'x' } });
    expect((await api.call('GET', `/api/v3.1/execution_logs/${created.id}`, undefined, api.keyB)).status).toBe(404);
    expect((await api.call('GET', '/api/v3.1/execution_logs?since=yesterday')).status).toBe(400);
  });
});

describe('unexpected failures', () => {
  it('answer 500 with x-should-retry: false for side-effecting tools, and leave retries to the client for read-only ones', async () => {
    const broken: typeof broker = Object.assign(Object.create(FixedCredentials.prototype), broker, {
      credentialsFor: async () => {
        throw new Error('vault unreachable');
      },
    });
    const failing = await startTestApi({ egressAllow: ['127.0.0.1'], wiring: { credentials: broken } });
    try {
      expect((await failing.call('POST', '/api/v3.1/toolkits/import', { slug: 'echo', spec: echoSpec(echo.url) })).status).toBe(201);
      const id = (await failing.call('POST', BASE, { user_id: 'u', toolkits: ['echo'] })).json.session_id;
      const write = await failing.call('POST', `${BASE}/${id}/execute`, { tool_slug: 'ECHO_CREATE_THING', arguments: { thingId: 1, name: 'x' } });
      expect(write.status).toBe(500);
      expect(write.json.error.slug).toBe('Internal_Error');
      expect(JSON.stringify(write.json)).not.toContain('vault unreachable');
      expect(write.headers.get('x-should-retry')).toBe('false');
      const read = await failing.call('POST', `${BASE}/${id}/execute`, { tool_slug: 'ECHO_READ_THING', arguments: { thingId: 1 } });
      expect(read.status).toBe(500);
      expect(read.headers.get('x-should-retry')).toBeNull();
    } finally {
      await failing.close();
    }
  });
});
