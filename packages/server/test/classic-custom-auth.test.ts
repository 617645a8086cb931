import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from './harness.js';
import { echoSpec, FixedCredentials, startEchoServer } from './helpers/echo-server.js';

/**
 * Credentials sent with a classic call (`custom_auth_params`, `custom_connection_data`) instead of
 * a stored account: applied to the outbound request, never the broker's, scrubbed from the log,
 * a supplied base_url still behind the egress guard, and clear 400s naming the field. Both stores.
 */
describe.each(['sqlite', 'postgres'] as const)('classic calls with supplied credentials on %s', (store) => {
  let echo: Awaited<ReturnType<typeof startEchoServer>>;
  let other: Awaited<ReturnType<typeof startEchoServer>>;
  let api: TestApi;
  // A stored account the calls must NOT use when credentials come with them.
  const broker = new FixedCredentials({ mode: 'BEARER_TOKEN', token: 'stored-account-token' });

  beforeAll(async () => {
    echo = await startEchoServer();
    other = await startEchoServer();
    api = await startTestApi({ store, egressAllow: ['127.0.0.1'], wiring: { credentials: broker } });
    expect((await api.call('POST', '/api/v3.1/toolkits/import', { slug: 'echo', spec: echoSpec(echo.url) })).status).toBe(201);
    // The same API behind an API key in a header: where the key goes is this toolkit's scheme.
    const keyed = {
      ...echoSpec(echo.url),
      components: { securitySchemes: { key: { type: 'apiKey', in: 'header', name: 'X-Echo-Key' } } },
      security: [{ key: [] }],
    };
    expect((await api.call('POST', '/api/v3.1/toolkits/import', { slug: 'echokey', spec: keyed })).status).toBe(201);
  });
  afterAll(async () => {
    await api?.close();
    await echo?.close();
    await other?.close();
  });

  const execute = (slug: string, body: Record<string, unknown>) => api.call('POST', `/api/v3.1/tools/execute/${slug}`, body);
  const logOf = async (logId: string) => (await api.call('GET', `/api/v3.1/execution_logs/${logId}`)).json;

  it('custom_auth_params: headers and query values go out instead of the stored account, and are scrubbed from the log', async () => {
    broker.requests.length = 0;
    const res = await execute('ECHO_READ_THING', {
      arguments: { thingId: 3 },
      user_id: 'alice',
      custom_auth_params: {
        parameters: [
          { in: 'header', name: 'X-Tenant-Sig', value: 'supplied-header-secret' },
          { in: 'query', name: 'sig', value: 'supplied-query-secret' },
        ],
      },
    });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ successful: true, error: null, data: { path: '/things/3', query: { sig: 'supplied-query-secret' } } });
    const sent = echo.received.at(-1)!;
    expect(sent.headers['x-tenant-sig']).toBe('supplied-header-secret');
    expect(sent.headers.authorization).toBeUndefined();
    expect(broker.requests).toEqual([]);

    const log = await logOf(res.json.log_id);
    expect(log).toMatchObject({ user_id: 'alice', session_id: null, connected_account_id: null, status: 'success' });
    const logged = JSON.stringify(log);
    expect(logged).not.toContain('supplied-header-secret');
    expect(logged).not.toContain('supplied-query-secret');
  });

  it('custom_auth_params.body joins the JSON body, and still passes argument validation first', async () => {
    const res = await execute('ECHO_CREATE_THING', {
      arguments: { thingId: 4, name: 'lamp' },
      user_id: 'alice',
      custom_auth_params: { parameters: [], body: { tenant: 'body-secret-value' } },
    });
    expect(res.json).toMatchObject({ successful: true, data: { body: { name: 'lamp', tenant: 'body-secret-value' } } });
    expect(JSON.stringify(await logOf(res.json.log_id))).not.toContain('body-secret-value');

    const before = echo.received.length;
    const bad = await execute('ECHO_CREATE_THING', { arguments: { thingId: 4 }, user_id: 'alice', custom_auth_params: { parameters: [] } });
    expect(bad.json.successful).toBe(false);
    expect(bad.json.error).toContain('Invalid arguments');
    expect(echo.received.length).toBe(before);
  });

  it('custom_auth_params.base_url replaces the toolkit base URL, and the egress guard still refuses private hosts', async () => {
    const res = await execute('ECHO_READ_THING', {
      arguments: { thingId: 8 },
      user_id: 'alice',
      custom_auth_params: { base_url: other.url, parameters: [{ in: 'header', name: 'x-k', value: 'elsewhere-secret' }] },
    });
    expect(res.json).toMatchObject({ successful: true, data: { path: '/things/8' } });
    expect(other.received.at(-1)?.headers['x-k']).toBe('elsewhere-secret');

    for (const base of ['http://169.254.169.254/latest', 'http://10.20.30.40']) {
      const refused = await execute('ECHO_READ_THING', {
        arguments: { thingId: 8 },
        user_id: 'alice',
        custom_auth_params: { base_url: base, parameters: [{ in: 'header', name: 'x-k', value: 'never-sent' }] },
      });
      expect(refused.json.successful).toBe(false);
      expect(refused.json.error).toMatch(/refused: .* blocked by the egress guard/);
    }
  });

  it('custom_connection_data: the connection data of a scheme, applied by the toolkit scheme, and it wins over custom_auth_params', async () => {
    broker.requests.length = 0;
    const res = await execute('ECHO_READ_THING', {
      arguments: { thingId: 2 },
      user_id: 'bob',
      custom_auth_params: { parameters: [{ in: 'header', name: 'x-ignored', value: 'ignored-value' }] },
      custom_connection_data: { authScheme: 'BEARER_TOKEN', toolkitSlug: 'ECHO', val: { token: 'connection-data-token' } },
    });
    expect(res.json).toMatchObject({ successful: true, data: { path: '/things/2' } });
    expect(echo.received.at(-1)?.headers.authorization).toBe('Bearer connection-data-token');
    expect(echo.received.at(-1)?.headers['x-ignored']).toBeUndefined();
    expect(broker.requests).toEqual([]);
    expect(JSON.stringify(await logOf(res.json.log_id))).not.toContain('connection-data-token');

    const keyed = await execute('ECHOKEY_READ_THING', {
      arguments: { thingId: 2 },
      user_id: 'bob',
      custom_connection_data: { authScheme: 'API_KEY', toolkitSlug: 'echokey', val: { generic_api_key: 'connection-data-key' } },
    });
    expect(keyed.json).toMatchObject({ successful: true, data: { path: '/things/2' } });
    expect(echo.received.at(-1)?.headers['x-echo-key']).toBe('connection-data-key');
    expect(JSON.stringify(await logOf(keyed.json.log_id))).not.toContain('connection-data-key');
  });

  it('answers 400s naming the field', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ custom_auth_params: { parameters: [{ in: 'header', name: 'bad name', value: 'x' }] } }, 'custom_auth_params.parameters[0].name'],
      [{ custom_auth_params: { parameters: [{ in: 'header', name: 'x-k', value: 'a\r\nb' }] } }, 'custom_auth_params.parameters[0].value'],
      [{ custom_auth_params: { parameters: [{ in: 'cookie', name: 'k', value: 'v' }] } }, 'custom_auth_params.parameters[0].in'],
      [{ custom_auth_params: { base_url: 'file:///etc/passwd', parameters: [] } }, 'custom_auth_params.base_url'],
      [{ custom_connection_data: { authScheme: 'OAUTH1', toolkitSlug: 'echo', val: {} } }, 'custom_connection_data.authScheme'],
      [{ custom_connection_data: { authScheme: 'OAUTH2', toolkitSlug: 'echo', val: {} } }, 'custom_connection_data.val.access_token'],
      [{ custom_connection_data: { authScheme: 'BEARER_TOKEN', toolkitSlug: 'github', val: { token: 'abcd' } } }, 'custom_connection_data.toolkitSlug'],
      [{ custom_connection_data: { authScheme: 'API_KEY', toolkitSlug: 'echo', val: { api_key: 'abcd' } } }, 'custom_connection_data.authScheme'],
      [{ custom_auth_params: { parameters: [] }, connected_account_id: 'ca_x' }, 'connected_account_id'],
    ];
    const before = echo.received.length;
    for (const [extra, field] of cases) {
      const res = await execute('ECHO_READ_THING', { arguments: { thingId: 1 }, user_id: 'alice', ...extra });
      expect(res.status, field).toBe(400);
      expect(JSON.stringify(res.json.error.errors), field).toContain(field);
    }
    const meta = await execute('COMPOSIO_SEARCH_TOOLS', {
      arguments: { queries: [{ use_case: 'x' }] },
      user_id: 'alice',
      custom_auth_params: { parameters: [] },
    });
    expect(meta.status).toBe(400);
    expect(echo.received.length).toBe(before);
  });

  it('POST /tools/execute/proxy with custom_connection_data: its toolkitSlug names the toolkit, no account is needed', async () => {
    broker.requests.length = 0;
    const res = await api.call('POST', '/api/v3.1/tools/execute/proxy', {
      endpoint: '/things/11',
      method: 'GET',
      parameters: [{ name: 'detail', type: 'query', value: 'full' }],
      custom_connection_data: { authScheme: 'OAUTH2', toolkitSlug: 'echo', val: { access_token: 'proxy-supplied-token' } },
    });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ status: 200, data: { path: '/things/11', query: { detail: 'full' } } });
    expect(echo.received.at(-1)?.headers.authorization).toBe('Bearer proxy-supplied-token');
    expect(broker.requests).toEqual([]);
    const log = await logOf(res.json.log_id);
    expect(log).toMatchObject({ tool_slug: 'PROXY_EXECUTE', toolkit: 'echo', connected_account_id: null });
    expect(JSON.stringify(log)).not.toContain('proxy-supplied-token');

    const outside = await api.call('POST', '/api/v3.1/tools/execute/proxy', {
      endpoint: 'http://169.254.169.254/latest/meta-data',
      method: 'GET',
      custom_connection_data: { authScheme: 'OAUTH2', toolkitSlug: 'echo', val: { access_token: 'proxy-supplied-token' } },
    });
    expect(outside.status).toBe(403);
    const unknown = await api.call('POST', '/api/v3.1/tools/execute/proxy', {
      endpoint: '/x',
      method: 'GET',
      custom_connection_data: { authScheme: 'OAUTH2', toolkitSlug: 'nope', val: { access_token: 'abcd' } },
    });
    expect(unknown.status).toBe(404);
  });
});
