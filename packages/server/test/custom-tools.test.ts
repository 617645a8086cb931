import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from './harness.js';

/**
 * Project-level custom tools executed by the server through a signed webhook, and session inline
 * custom tools (which run in the client) as the reference client sees them.
 */
const BASE = '/api/v3.1/tool_router/session';
let api: TestApi;
let hook: Server;
let hookUrl: string;
let secret = '';
const received: Array<{ body: string; signature: string; timestamp: string; valid: boolean }> = [];

function verify(body: string, timestamp: string, signature: string): boolean {
  const expected = Buffer.from(`v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`);
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

beforeAll(async () => {
  hook = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += String(c)));
    req.on('end', () => {
      const signature = String(req.headers['x-toolrouter-signature'] ?? '');
      const timestamp = String(req.headers['x-toolrouter-timestamp'] ?? '');
      const valid = verify(body, timestamp, signature);
      received.push({ body, signature, timestamp, valid });
      res.writeHead(valid ? 200 : 401, { 'content-type': 'application/json' });
      const args = JSON.parse(body).arguments as { city?: string };
      res.end(JSON.stringify(valid ? { forecast: `sunny in ${args.city}` } : { error: 'bad signature' }));
    });
  });
  await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
  hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`;
  api = await startTestApi({ egressAllow: ['127.0.0.1'] });
});
afterAll(async () => {
  await api.close();
  hook.closeAllConnections();
  await new Promise((resolve) => hook.close(resolve));
});

describe('project custom tools behind a signed webhook', () => {
  it('refuses a custom toolkit slug that puts its tools among the meta-tools', async () => {
    const body = {
      name: 'Shadow',
      webhook_url: hookUrl,
      tools: [{ slug: 'search_tools', name: 'Search', description: 'Shadows a meta-tool.', input_schema: { type: 'object', properties: {} } }],
    };
    const res = await api.call('PUT', '/api/v3.1/custom_toolkits/composio', body);
    expect(res.status).toBe(409);
    expect(res.json.error.slug).toBe('Catalog_ImportConflict');
    expect(res.json.error.errors).toContain('COMPOSIO_SEARCH_TOOLS: is a meta-tool');
    expect(res.json.error.suggested_fix).toMatch(/not "composio"/);
    expect((await api.call('GET', '/api/v3.1/custom_toolkits')).json.items.map((t: any) => t.slug)).not.toContain('composio');
  });
  it('registers a toolkit, shows the signing secret once, and the tools are searchable', async () => {
    const res = await api.call('PUT', '/api/v3.1/custom_toolkits/weather_desk', {
      name: 'Weather desk',
      description: 'Our in-house forecasts.',
      webhook_url: hookUrl,
      tools: [
        {
          slug: 'forecast',
          name: 'Get forecast',
          description: "Tomorrow's weather forecast for a city from the in-house desk.",
          input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
          tags: ['readOnlyHint'],
        },
      ],
    });
    expect(res.status, JSON.stringify(res.json)).toBe(200);
    expect(res.json).toMatchObject({
      slug: 'weather_desk',
      tool_count: 1,
      tools: [{ slug: 'WEATHER_DESK_FORECAST' }],
      webhook_secret: expect.stringMatching(/^whsec_/),
    });
    secret = res.json.webhook_secret;
    const again = await api.call('PUT', '/api/v3.1/custom_toolkits/weather_desk', {
      name: 'Weather desk',
      webhook_url: hookUrl,
      tools: [
        {
          slug: 'forecast',
          name: 'Get forecast',
          description: 'Forecast for a city.',
          input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
        },
      ],
    });
    expect(again.json.webhook_secret).toBeUndefined();
    const stored = await api.services.store.projectSettings.get(api.projectA);
    expect(stored.webhook_secret).not.toContain(secret.slice(6));

    const id = (await api.call('POST', BASE, { user_id: 'carol', toolkits: ['weather_desk'] })).json.session_id;
    const search = await api.call('POST', `${BASE}/${id}/search`, { queries: [{ use_case: 'weather forecast for a city' }] });
    expect(search.json.results[0].primary_tool_slugs).toContain('WEATHER_DESK_FORECAST');
    expect((await api.call('GET', '/api/v3.1/custom_toolkits')).json.items).toMatchObject([{ slug: 'weather_desk', tool_count: 1 }]);
  });

  it('executes by POSTing {arguments, user_id, session_id} signed with the project secret', async () => {
    const id = (await api.call('POST', BASE, { user_id: 'carol', toolkits: ['weather_desk'] })).json.session_id;
    const res = await api.call('POST', `${BASE}/${id}/execute`, { tool_slug: 'WEATHER_DESK_FORECAST', arguments: { city: 'Oslo' } });
    expect(res.json).toMatchObject({ data: { forecast: 'sunny in Oslo' }, error: null });
    const last = received.at(-1)!;
    expect(last.valid).toBe(true);
    expect(JSON.parse(last.body)).toEqual({ tool_slug: 'WEATHER_DESK_FORECAST', arguments: { city: 'Oslo' }, user_id: 'carol', session_id: id });
    expect(Math.abs(Number(last.timestamp) - Date.now() / 1000)).toBeLessThan(60);
    // Arguments are validated before the webhook is called.
    const before = received.length;
    expect((await api.call('POST', `${BASE}/${id}/execute`, { tool_slug: 'WEATHER_DESK_FORECAST', arguments: {} })).json.error).toMatch(
      /arguments\.city: is required/,
    );
    expect(received.length).toBe(before);
  });

  it('after a rotation the receiver holding the old secret rejects the call', async () => {
    const rotated = await api.call('POST', '/api/v3.1/custom_toolkits/webhook_secret/rotate');
    expect(rotated.json.webhook_secret).not.toBe(secret);
    const id = (await api.call('POST', BASE, { user_id: 'carol', toolkits: ['weather_desk'] })).json.session_id;
    const res = await api.call('POST', `${BASE}/${id}/execute`, { tool_slug: 'WEATHER_DESK_FORECAST', arguments: { city: 'Oslo' } });
    expect(res.json.error).toMatch(/^401/);
    secret = rotated.json.webhook_secret;
    expect((await api.call('POST', `${BASE}/${id}/execute`, { tool_slug: 'WEATHER_DESK_FORECAST', arguments: { city: 'Rome' } })).json.data.forecast).toBe(
      'sunny in Rome',
    );
  });

  it('refuses missing webhooks, built-in slugs, and keeps toolkits per project', async () => {
    const noHook = await api.call('PUT', '/api/v3.1/custom_toolkits/nohook', {
      name: 'x',
      tools: [{ slug: 't', name: 't', description: 'd', input_schema: { type: 'object', properties: {} } }],
    });
    expect(noHook.status).toBe(400);
    expect(noHook.json.error.errors[0]).toMatch(/tools\[0\]\.webhook_url/);
    expect(
      (
        await api.call('PUT', '/api/v3.1/custom_toolkits/github', {
          name: 'x',
          webhook_url: hookUrl,
          tools: [{ slug: 't', name: 't', description: 'd', input_schema: { type: 'object', properties: {} } }],
        })
      ).status,
    ).toBe(409);
    // A toolkit named like a property every object has would shadow lookups in session configs.
    const reserved = await api.call('PUT', '/api/v3.1/custom_toolkits/constructor', {
      name: 'x',
      webhook_url: hookUrl,
      tools: [{ slug: 't', name: 't', description: 'd', input_schema: { type: 'object', properties: {} } }],
    });
    expect(reserved.status).toBe(400);
    expect(reserved.json.error.errors[0]).toMatch(/^slug: "constructor" is a reserved name/);
    expect((await api.call('GET', '/api/v3.1/custom_toolkits', undefined, api.keyB)).json.items).toEqual([]);
    expect((await api.call('DELETE', '/api/v3.1/custom_toolkits/weather_desk', undefined, api.keyB)).status).toBe(404);
  });
});

describe('session inline custom tools', () => {
  it('are echoed with final slugs so the reference client lists them, and extension tools inherit the toolkit connection', async () => {
    const { Composio } = await import('@composio/core');
    const { createServer: createNodeServer } = await import('node:http');
    const { getRequestListener } = await import('@hono/node-server');
    const { createApp } = await import('../src/http/app.js');
    const pino = (await import('pino')).default;
    const app = createApp({ ...api.services, log: pino({ level: 'silent' }), publicUrl: undefined, maxBodyBytes: 1 << 20 });
    const server = createNodeServer(getRequestListener(app.fetch));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const composio = new Composio({
        apiKey: api.keyA,
        baseURL: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        allowTracking: false,
        disableVersionCheck: true,
      });
      const { z } = await import('zod');
      const { experimental_createTool, experimental_createToolkit } = await import('@composio/core');
      const grep = experimental_createTool('GREP', {
        name: 'Grep',
        description: 'Search text in local files',
        inputParams: z.object({ pattern: z.string() }),
        execute: async () => ({}),
      });
      const star = experimental_createTool('STAR_LOCAL', {
        name: 'Star',
        description: 'Star a repository the local way',
        extendsToolkit: 'github',
        inputParams: z.object({ repo: z.string() }),
        execute: async () => ({}),
      });
      const devTools = experimental_createToolkit('DEV_TOOLS', {
        name: 'Dev tools',
        description: 'Local helpers',
        tools: [experimental_createTool('LINT', { name: 'Lint', description: 'Lint the code', inputParams: z.object({}), execute: async () => ({}) })],
      });
      const session = await composio.create('dave', { toolkits: ['github'], experimental: { customTools: [grep, star], customToolkits: [devTools] } });
      expect(
        session
          .customTools()
          .map((t) => t.slug)
          .sort(),
      ).toEqual(['LOCAL_DEV_TOOLS_LINT', 'LOCAL_GITHUB_STAR_LOCAL', 'LOCAL_GREP']);
      expect(session.customToolkits()).toMatchObject([{ slug: 'DEV_TOOLS', tools: [{ slug: 'LOCAL_DEV_TOOLS_LINT' }] }]);
      const found = await session.search({ query: 'star a repository the local way' });
      const result = found.results[0]!;
      expect([...result.primaryToolSlugs, ...result.relatedToolSlugs]).toContain('LOCAL_GITHUB_STAR_LOCAL');
      // The extension tool reports GitHub's connection state (not connected here), not "no auth".
      expect(found.toolkitConnectionStatuses.find((s) => s.toolkit === 'github')?.hasActiveConnection).toBe(false);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
