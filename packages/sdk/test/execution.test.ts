import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Browser } from '../../server/test/connections/browser.js';
import { echoSpec, startEchoServer } from '../../server/test/helpers/echo-server.js';
import { createTool, ProxyNotAllowedError, ToolkitNotFoundError, ToolRouter, type ToolRouterSession } from '../src/index.js';
import { type LiveServer, startLiveServer } from './live-server.js';

/**
 * App tools through the SDK, end to end: a real loopback API imported from OpenAPI, an end user who
 * connects a bearer token through the hosted Connect Link, then execute, proxyExecute and
 * multi-execute mixing local and server tools.
 */
let server: LiveServer;
let echo: Awaited<ReturnType<typeof startEchoServer>>;
let router: ToolRouter;
const TOKEN = 'bearer-token-0123456789';

beforeAll(async () => {
  echo = await startEchoServer();
  server = await startLiveServer();
  router = new ToolRouter({ apiKey: server.apiKey, baseURL: server.url });
  const imported = await fetch(`${server.url}/api/v3.1/toolkits/import`, {
    method: 'POST',
    headers: { 'x-api-key': server.apiKey, 'content-type': 'application/json' },
    body: JSON.stringify({ slug: 'echo', spec: echoSpec(echo.url) }),
  });
  expect(imported.status).toBe(201);
});
afterAll(async () => {
  await server.close();
  await echo.close();
});

const localStamp = createTool('STAMP', {
  name: 'Stamp',
  description: 'Stamp a value',
  inputParams: z.object({ value: z.string() }),
  execute: ({ value }) => ({ stamped: `[${value}]` }),
});
const localFail = createTool('FAIL', {
  name: 'Fail',
  description: 'Always fails',
  inputParams: z.object({}),
  execute: () => Promise.reject(new Error('nope')),
});
const composer = createTool('FETCH_BOTH', {
  name: 'Fetch both',
  description: 'Reads a thing with the tool and with a raw API call',
  inputParams: z.object({ id: z.number() }),
  extendsToolkit: 'echo',
  execute: async ({ id }, ctx) => {
    const viaTool = await ctx.execute('ECHO_READ_THING', { thingId: id });
    const viaProxy = await ctx.proxyExecute({ toolkit: 'echo', endpoint: `/things/${id + 1}`, method: 'GET' });
    return { tool: viaTool.data.path, proxy: (viaProxy.data as { path: string }).path, status: viaProxy.status };
  },
});

/** A session whose user has connected the echo API through the hosted form. */
async function connectedSession(userId: string): Promise<ToolRouterSession> {
  const session = await router.create(userId, { toolkits: ['echo', 'hackernews'], experimental: { customTools: [localStamp, localFail, composer] } });
  const request = await session.authorize('echo');
  const browser = new Browser();
  const form = await browser.go(request.redirectUrl);
  expect((await browser.submit(form, { token: TOKEN })).status).toBe(200);
  await request.waitForConnection(5_000, { pollIntervalMs: 50 });
  return session;
}

describe('executing app tools through the SDK', () => {
  it('runs a tool with the connected account and returns a typed result', async () => {
    const session = await connectedSession('exec-user');
    const result = await session.execute('ECHO_READ_THING', { thingId: 7 });
    expect(result).toMatchObject({ successful: true, error: null, logId: expect.stringMatching(/^log_/) });
    expect(result.data).toMatchObject({ method: 'GET', path: '/things/7' });
    expect(echo.received.at(-1)!.headers.authorization).toBe(`Bearer ${TOKEN}`);

    const invalid = await session.execute('ECHO_READ_THING', { thingId: 'seven' });
    expect(invalid.successful).toBe(false);
    expect(invalid.error).toMatch(/thingId/);
  });

  it('tells the agent to connect first when the user has no account', async () => {
    const session = await router.create('no-account', { toolkits: ['echo'] });
    const result = await session.execute('ECHO_READ_THING', { thingId: 1 });
    expect(result.successful).toBe(false);
    expect(result.error).toMatch(/COMPOSIO_MANAGE_CONNECTIONS/);
  });

  it('calls the API directly with proxyExecute, and refuses other hosts with a typed error', async () => {
    const session = await connectedSession('proxy-user');
    const res = await session.proxyExecute({
      toolkit: 'echo',
      endpoint: '/anything/here',
      method: 'POST',
      body: { a: 1 },
      parameters: [
        { in: 'query', name: 'page', value: 2 },
        { in: 'header', name: 'X-Custom', value: 'yes' },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.data).toMatchObject({ method: 'POST', path: '/anything/here', query: { page: '2' }, body: { a: 1 } });
    expect((res.data as { headers: Record<string, string> }).headers).toMatchObject({ authorization: `Bearer ${TOKEN}`, 'x-custom': 'yes' });
    expect(res.headers['content-type']).toBe('application/json');

    await expect(session.proxyExecute({ toolkit: 'echo', endpoint: 'http://169.254.169.254/latest', method: 'GET' })).rejects.toBeInstanceOf(
      ProxyNotAllowedError,
    );
    await expect(session.proxyExecute({ toolkit: 'nope', endpoint: '/x', method: 'GET' })).rejects.toBeInstanceOf(ToolkitNotFoundError);
  });

  it('splits a multi-execute between local tools and the server, keeping order and counts', async () => {
    const session = await connectedSession('multi-user');
    const before = echo.received.length;
    const result = await session.execute('COMPOSIO_MULTI_EXECUTE_TOOL', {
      tools: [
        { tool_slug: 'ECHO_READ_THING', arguments: { thingId: 1 } },
        { tool_slug: 'LOCAL_STAMP', arguments: { value: 'a' } },
        { tool_slug: 'ECHO_READ_THING', arguments: { thingId: 'bad' } },
        { tool_slug: 'LOCAL_FAIL', arguments: {} },
        { tool_slug: 'ECHO_CREATE_THING', arguments: { thingId: 2, name: 'lamp' } },
      ],
      sync_response_to_workbench: false,
    });
    expect(result.data.results.map((r) => [r.index, r.tool_slug, r.error === null])).toEqual([
      [0, 'ECHO_READ_THING', true],
      [1, 'LOCAL_STAMP', true],
      [2, 'ECHO_READ_THING', false],
      [3, 'LOCAL_FAIL', false],
      [4, 'ECHO_CREATE_THING', true],
    ]);
    expect(result.data.results[0]!.response?.data).toMatchObject({ path: '/things/1' });
    expect(result.data.results[1]!.response?.data).toEqual({ stamped: '[a]' });
    expect(result.data.results[4]!.response?.data).toMatchObject({ method: 'POST', path: '/things/2', body: { name: 'lamp' } });
    expect(result.data).toMatchObject({ total_count: 5, success_count: 3, error_count: 2 });
    expect(result.error).toBe('2 out of 5 tools failed');
    expect(result.logId).toMatch(/^log_/);
    expect(echo.received.length - before).toBe(2); // the invalid item never left the server
  });

  it('lets a local tool compose a catalog tool and a proxied call through its context', async () => {
    const session = await connectedSession('compose-user');
    expect(session.customTools().map((t) => t.slug)).toContain('LOCAL_ECHO_FETCH_BOTH');
    const result = await session.execute('LOCAL_ECHO_FETCH_BOTH', { id: 4 });
    expect(result).toMatchObject({ successful: true, data: { tool: '/things/4', proxy: '/things/5', status: 200 } });
  });
});
