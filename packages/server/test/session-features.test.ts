import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from './harness.js';
import { echoSpec, FixedCredentials, startEchoServer } from './helpers/echo-server.js';

/**
 * Session features the newer official client sends: the createHint / updateHint tags,
 * `tags.require_approval` (through the approval machinery), and search with up to 7 queries and a
 * `model` hint. Runs on both stores.
 */
const BASE = '/api/v3.1/tool_router/session';

describe.each(['sqlite', 'postgres'] as const)('newer session features on %s', (store) => {
  let echo: Awaited<ReturnType<typeof startEchoServer>>;
  let api: TestApi;
  beforeAll(async () => {
    echo = await startEchoServer();
    api = await startTestApi({ store, egressAllow: ['127.0.0.1'], wiring: { credentials: new FixedCredentials({ mode: 'BEARER_TOKEN', token: 't' }) } });
    expect((await api.call('POST', '/api/v3.1/toolkits/import', { slug: 'echo', spec: echoSpec(echo.url) })).status).toBe(201);
  });
  afterAll(async () => {
    await api?.close();
    await echo?.close();
  });

  it('accepts, stores and echoes createHint / updateHint and require_approval', async () => {
    const created = await api.call('POST', BASE, {
      user_id: 'hints',
      toolkits: ['echo'],
      tags: { disable: ['createHint', 'updateHint'], require_approval: ['destructiveHint'] },
      tools: { echo: { tags: { require_approval: ['createHint'] } } },
    });
    expect(created.status).toBe(201);
    const stored = (await api.call('GET', `${BASE}/${created.json.session_id}`)).json;
    expect(stored.config.tags).toEqual({ disabled: ['createHint', 'updateHint'], require_approval: ['destructiveHint'] });
    expect(stored.config.tools.echo).toEqual({ tags: { require_approval: ['createHint'] } });
    const bad = await api.call('POST', BASE, { user_id: 'hints', tags: { require_approval: ['sometimesHint'] } });
    expect(bad.status).toBe(400);
  });

  it('asks for approval before a tool carrying a require_approval tag, and runs it once approved', async () => {
    const id = (await api.call('POST', BASE, { user_id: 'approver', toolkits: ['echo'], tags: { require_approval: ['readOnlyHint'] } })).json.session_id;
    const run = () => api.call('POST', `${BASE}/${id}/execute`, { tool_slug: 'ECHO_READ_THING', arguments: { thingId: 3 } });
    const before = echo.received.length;
    const asked = await run();
    expect(asked.json.data).toMatchObject({ approval_required: true, tool_slug: 'ECHO_READ_THING' });
    expect(asked.json.error).toContain('readOnlyHint');
    expect(echo.received.length).toBe(before);

    expect((await api.call('POST', `/api/v3.1/approvals/${asked.json.data.approval_id}/approve`)).status).toBe(200);
    const ran = await run();
    expect(ran.json.error).toBeNull();
    expect(ran.json.data).toMatchObject({ path: '/things/3' });

    // A tool without the tag runs at once.
    const other = await api.call('POST', `${BASE}/${id}/execute`, { tool_slug: 'ECHO_CREATE_THING', arguments: { thingId: 4, name: 'x' } });
    expect(other.json.error).toBeNull();
  });

  it('searches with 7 queries and a model hint, on the REST route and through the meta-tool', async () => {
    const id = (await api.call('POST', BASE, { user_id: 'searcher', toolkits: ['echo'] })).json.session_id;
    const queries = (n: number) => Array.from({ length: n }, (_, i) => ({ use_case: `read thing number ${i}` }));
    const seven = await api.call('POST', `${BASE}/${id}/search`, { queries: queries(7), model: 'gpt-4o' });
    expect(seven.status).toBe(200);
    expect(seven.json.results).toHaveLength(7);
    const meta = await api.call('POST', `${BASE}/${id}/execute`, { tool_slug: 'COMPOSIO_SEARCH_TOOLS', arguments: { queries: queries(7), model: 'gpt-4o' } });
    expect(meta.json.error).toBeNull();
    expect(meta.json.data.results).toHaveLength(7);
    // The hint is recorded with the call.
    const logs = (await api.call('GET', `/api/v3.1/execution_logs?session_id=${id}&tool_slug=COMPOSIO_SEARCH_TOOLS`)).json.items;
    expect(logs[0].arguments.model).toBe('gpt-4o');
  });
});
