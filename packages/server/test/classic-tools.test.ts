import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from './harness.js';
import { echoSpec, FixedCredentials, startEchoServer } from './helpers/echo-server.js';

/**
 * The classic (session-less) tools API: GET /tools/{slug} for meta-tools and pinned versions,
 * POST /tools/execute/{slug} for app tools and meta-tools, POST /tools/execute/proxy, and the
 * clear refusals (`text`, no user, no session for a meta-tool). Runs on both stores.
 */
describe.each(['sqlite', 'postgres'] as const)('classic tools API on %s', (store) => {
  let echo: Awaited<ReturnType<typeof startEchoServer>>;
  let api: TestApi;
  const broker = new FixedCredentials({ mode: 'BEARER_TOKEN', token: 'tok_classic_1' });

  beforeAll(async () => {
    echo = await startEchoServer();
    api = await startTestApi({ store, egressAllow: ['127.0.0.1'], wiring: { credentials: broker } });
    expect((await api.call('POST', '/api/v3.1/toolkits/import', { slug: 'echo', spec: echoSpec(echo.url) })).status).toBe(201);
  });
  afterAll(async () => {
    await api?.close();
    await echo?.close();
  });

  const execute = (slug: string, body: Record<string, unknown>) => api.call('POST', `/api/v3.1/tools/execute/${slug}`, body);
  const logOf = async (logId: string) => (await api.call('GET', `/api/v3.1/execution_logs/${logId}`)).json;

  it('GET /tools/{slug} answers meta-tools as tools of the composio toolkit', async () => {
    const res = await api.call('GET', '/api/v3.1/tools/COMPOSIO_SEARCH_TOOLS?toolkit_versions=latest');
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ slug: 'COMPOSIO_SEARCH_TOOLS', toolkit: { slug: 'composio' }, input_parameters: { type: 'object' } });
    const lower = await api.call('GET', '/api/v3.1/tools/composio_multi_execute_tool');
    expect(lower.json.slug).toBe('COMPOSIO_MULTI_EXECUTE_TOOL');
  });

  it('GET /tools/{slug} honours version and toolkit_versions, refusing a version it does not hold', async () => {
    const held = (await api.call('GET', '/api/v3.1/tools/ECHO_READ_THING')).json.version as string;
    expect((await api.call('GET', `/api/v3.1/tools/ECHO_READ_THING?version=${held}`)).status).toBe(200);
    expect((await api.call('GET', `/api/v3.1/tools/ECHO_READ_THING?toolkit_versions[echo]=${held}`)).status).toBe(200);
    expect((await api.call('GET', '/api/v3.1/tools/ECHO_READ_THING?toolkit_versions[other]=20990101_00')).status).toBe(200);
    const missing = await api.call('GET', '/api/v3.1/tools/ECHO_READ_THING?toolkit_versions[echo]=20990101_00');
    expect(missing.status).toBe(404);
    expect(missing.json.error.slug).toBe('Catalog_ToolVersionNotFound');
    expect((await api.call('GET', '/api/v3.1/tools/COMPOSIO_SEARCH_TOOLS?version=20990101_00')).status).toBe(404);
  });

  it('POST /tools/execute/{slug} runs an app tool for a user, logged without a session', async () => {
    const res = await execute('ECHO_READ_THING', { arguments: { thingId: 5 }, user_id: 'alice', version: 'latest' });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ error: null, successful: true, data: { method: 'GET', path: '/things/5' } });
    expect(res.json.data.headers.authorization).toBe('Bearer tok_classic_1');
    const log = await logOf(res.json.log_id);
    expect(log).toMatchObject({ session_id: null, user_id: 'alice', tool_slug: 'ECHO_READ_THING', toolkit: 'echo', status: 'success' });
  });

  it('passes connected_account_id on as the account to use, and reports bad arguments in the body', async () => {
    broker.requests.length = 0;
    await execute('ECHO_READ_THING', { arguments: { thingId: 6 }, user_id: 'alice', connected_account_id: 'ca_named' });
    expect(broker.requests).toEqual([{ toolkit: 'echo', account: 'ca_named' }]);
    const bad = await execute('ECHO_READ_THING', { arguments: { thingId: 'six' }, user_id: 'alice' });
    expect(bad.status).toBe(200);
    expect(bad.json).toMatchObject({ successful: false, data: {} });
    expect(bad.json.error).toContain('Invalid arguments');
  });

  it('refuses to run on a version it does not hold instead of running another one', async () => {
    const before = echo.received.length;
    const res = await execute('ECHO_READ_THING', { arguments: { thingId: 5 }, user_id: 'alice', version: '20990101_00' });
    expect(res.json.successful).toBe(false);
    expect(res.json.error).toContain('20990101_00');
    expect(echo.received.length).toBe(before);
  });

  it('answers `text` with a clear 400 and never guesses arguments', async () => {
    const before = echo.received.length;
    const res = await execute('ECHO_READ_THING', { text: 'read thing five', user_id: 'alice' });
    expect(res.status).toBe(400);
    expect(res.json.error.slug).toBe('Execution_TextArgumentsUnavailable');
    expect(echo.received.length).toBe(before);
  });

  it('needs a user for an app tool, and knows no unknown tool', async () => {
    const res = await execute('ECHO_READ_THING', { arguments: { thingId: 5 } });
    expect(res.status).toBe(400);
    expect(res.json.error.errors).toContain('user_id: required');
    expect((await execute('ECHO_NOPE', { arguments: {}, user_id: 'alice' })).status).toBe(404);
  });

  it('runs a meta-tool in the session named by arguments.session_id, else in the one the user used last', async () => {
    const first = (await api.call('POST', '/api/v3.1/tool_router/session', { user_id: 'meta-user', toolkits: ['echo'] })).json.session_id as string;
    const second = (await api.call('POST', '/api/v3.1/tool_router/session', { user_id: 'meta-user', toolkits: ['echo'] })).json.session_id as string;
    // The first session is the one used last, although the second is newer.
    const used = await api.call('POST', `/api/v3.1/tool_router/session/${first}/execute`, { tool_slug: 'ECHO_READ_THING', arguments: { thingId: 1 } });
    expect(used.json.error).toBeNull();

    const search = await execute('COMPOSIO_SEARCH_TOOLS', { arguments: { queries: [{ use_case: 'read a thing' }] }, user_id: 'meta-user' });
    expect(search.status).toBe(200);
    expect(search.json).toMatchObject({ successful: true, error: null });
    expect(search.json.data.results[0].primary_tool_slugs.length).toBeGreaterThan(0);

    const schemas = { tool_slugs: ['ECHO_READ_THING'] };
    const implicit = await execute('COMPOSIO_GET_TOOL_SCHEMAS', { arguments: schemas, user_id: 'meta-user' });
    expect(implicit.json).toMatchObject({ successful: true, data: { tool_schemas: { ECHO_READ_THING: { toolkit: 'echo' } } } });
    expect((await logOf(implicit.json.log_id)).session_id).toBe(first);

    const named = await execute('COMPOSIO_GET_TOOL_SCHEMAS', { arguments: { ...schemas, session_id: second }, user_id: 'meta-user' });
    expect((await logOf(named.json.log_id)).session_id).toBe(second);
  });

  it('refuses a meta-tool when the user has no session', async () => {
    const res = await execute('COMPOSIO_SEARCH_TOOLS', { arguments: { queries: [{ use_case: 'x' }] }, user_id: 'nobody-here' });
    expect(res.status).toBe(400);
    expect(res.json.error.slug).toBe('Execution_TargetMissing');
  });

  it('POST /tools/execute/proxy calls the toolkit API as the named account', async () => {
    const config = await api.call('POST', '/api/v3.1/auth_configs', {
      toolkit: { slug: 'echo' },
      auth_config: { type: 'use_custom_auth', authScheme: 'BEARER_TOKEN', name: 'echo key' },
    });
    expect(config.status).toBe(201);
    const account = await api.services.store.accounts.create(
      {
        id: 'ca_proxy_owner',
        project_id: api.projectA,
        user_id: 'proxy-user',
        toolkit_slug: 'echo',
        auth_config_id: config.json.auth_config.id,
        status: 'ACTIVE',
        status_reason: null,
        alias: null,
        is_disabled: false,
        sealed_credentials: null,
        public_state: {},
        expires_at: null,
        connected_at: new Date().toISOString(),
      },
      { type: 'created' },
    );
    broker.requests.length = 0;
    const res = await api.call('POST', '/api/v3.1/tools/execute/proxy', {
      endpoint: '/things/9',
      method: 'GET',
      connected_account_id: account.id,
      parameters: [{ name: 'detail', type: 'query', value: 'full' }],
    });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ status: 200, data: { method: 'GET', path: '/things/9' } });
    expect(echo.received.at(-1)?.url).toBe('/things/9?detail=full');
    expect(broker.requests).toEqual([{ toolkit: 'echo', account: account.id }]);
    expect((await logOf(res.json.log_id)).user_id).toBe('proxy-user');

    const without = await api.call('POST', '/api/v3.1/tools/execute/proxy', { endpoint: '/things/9', method: 'GET' });
    expect(without.status).toBe(400);
    expect(without.json.error.slug).toBe('Execution_TargetMissing');
  });
});
