import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callApp, startTwoInstances } from './harness.js';

/**
 * Two server instances, each with its own connection pool and caches, on one PostgreSQL database:
 * whatever one instance writes, the other serves on its next request.
 */
type Instances = Awaited<ReturnType<typeof startTwoInstances>>;
let appA: Instances['apps'][0];
let appB: Instances['apps'][1];
let key: string;
let close: () => Promise<void>;

beforeAll(async () => {
  ({
    apps: [appA, appB],
    key,
    close,
  } = await startTwoInstances('postgres'));
});

afterAll(() => close?.());

const spec = (paths: string[]) => ({
  openapi: '3.0.3',
  info: { title: 'Inventory', version: '1' },
  servers: [{ url: 'https://inventory.example.com' }],
  paths: Object.fromEntries(paths.map((p) => [`/${p}`, { get: { summary: `Get ${p}`, responses: { '200': { description: 'ok' } } } }])),
});

describe('several instances on one PostgreSQL', () => {
  it('serves a session created on one instance from the other', async () => {
    const created = await callApp(appA, 'POST', '/api/v3.1/tool_router/session', { user_id: 'u', toolkits: ['gmail'] }, key);
    const id = created.json.session_id;
    const patched = await callApp(appB, 'PATCH', `/api/v3.1/tool_router/session/${id}`, { toolkits: ['slack'] }, key);
    expect(patched.json.config_version).toBe(2);
    const seen = await callApp(appA, 'GET', `/api/v3.1/tool_router/session/${id}`, undefined, key);
    expect(seen.json.config.toolkits).toEqual({ enabled: ['slack'] });
    await callApp(appB, 'DELETE', `/api/v3.1/tool_router/session/${id}`, undefined, key);
    expect((await callApp(appA, 'GET', `/api/v3.1/tool_router/session/${id}`, undefined, key)).status).toBe(404);
  });

  it('sees an import made through the other instance without a restart', async () => {
    // Warm instance B's catalog cache first, so a stale cache would show.
    expect((await callApp(appB, 'GET', '/api/v3.1/toolkits/inventory', undefined, key)).status).toBe(404);
    await callApp(appA, 'POST', '/api/v3.1/toolkits/import', { slug: 'inventory', spec: spec(['items']) }, key);
    const onB = await callApp(appB, 'GET', '/api/v3.1/tools?toolkit_slug=inventory', undefined, key);
    expect(onB.json.items.map((t: any) => t.slug)).toEqual(['INVENTORY_GET_ITEMS']);
    await callApp(appB, 'POST', '/api/v3.1/toolkits/import', { slug: 'inventory', spec: spec(['items', 'stock']) }, key);
    const onA = await callApp(appA, 'GET', '/api/v3.1/tools?toolkit_slug=inventory', undefined, key);
    expect(onA.json.items.map((t: any) => t.slug)).toEqual(['INVENTORY_GET_ITEMS', 'INVENTORY_GET_STOCK']);
  });

  it('lets exactly one of two simultaneous updates with the same expected version win', async () => {
    const id = (await callApp(appA, 'POST', '/api/v3.1/tool_router/session', { user_id: 'u' }, key)).json.session_id;
    const results = await Promise.all([
      callApp(appA, 'PATCH', `/api/v3.1/tool_router/session/${id}`, { expected_config_version: 1, toolkits: ['gmail'] }, key),
      callApp(appB, 'PATCH', `/api/v3.1/tool_router/session/${id}`, { expected_config_version: 1, toolkits: ['slack'] }, key),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const final = await callApp(appB, 'GET', `/api/v3.1/tool_router/session/${id}/config_history`, undefined, key);
    expect(final.json.total_items).toBe(2);
  });
});
