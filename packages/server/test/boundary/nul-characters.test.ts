import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type StoreKind, startTestApi, type TestApi } from '../harness.js';

/**
 * A NUL character (U+0000) anywhere in a request is the caller's mistake: 400 naming the field on
 * both stores. PostgreSQL cannot store it in text or jsonb, so before the boundary refused it
 * these places answered 500 on PostgreSQL (and 200 on SQLite).
 */
const NUL = '\u0000';
const V = '/api/v3.1';

describe.each<StoreKind>(['sqlite', 'postgres'])('NUL characters on %s', (kind) => {
  let api: TestApi;
  let sessionId: string;
  let authConfigId: string;
  beforeAll(async () => {
    api = await startTestApi({ store: kind });
    sessionId = (await api.call('POST', `${V}/tool_router/session`, { user_id: 'nul-tester' })).json.session_id;
    const config = await api.call('POST', `${V}/auth_configs`, {
      toolkit: { slug: 'github' },
      auth_config: { type: 'use_custom_auth', authScheme: 'BEARER_TOKEN' },
    });
    expect(config.status).toBe(201);
    authConfigId = config.json.auth_config.id;
  });
  afterAll(async () => api?.close());

  const places: Array<[string, string, string, () => unknown, string]> = [
    ['user_id of a new session', 'POST', `${V}/tool_router/session`, () => ({ user_id: `u${NUL}` }), 'user_id'],
    ['a session id in the path', 'GET', `${V}/tool_router/session/trs_x%00y`, () => undefined, 'id'],
    ['a search use_case', 'POST', `${V}/tool_router/session/{session}/search`, () => ({ queries: [{ use_case: `send${NUL}mail` }] }), 'queries[0].use_case'],
    ['an alias', 'POST', `${V}/connected_accounts/link`, () => ({ auth_config_id: authConfigId, user_id: 'nul-tester', alias: `work${NUL}` }), 'alias'],
    ['an alias on a session link', 'POST', `${V}/tool_router/session/{session}/link`, () => ({ toolkit: 'github', alias: `work${NUL}` }), 'alias'],
    ['an MCP token name', 'POST', `${V}/tool_router/session/{session}/mcp_tokens`, () => ({ name: `laptop${NUL}` }), 'name'],
    [
      'an auth config name',
      'POST',
      `${V}/auth_configs`,
      () => ({ toolkit: { slug: 'github' }, auth_config: { type: 'use_custom_auth', authScheme: 'BEARER_TOKEN', name: `cfg${NUL}` } }),
      'auth_config.name',
    ],
    ['a connected-account list filter', 'GET', `${V}/connected_accounts?user_ids=a%00b`, () => undefined, 'user_ids'],
    ['an execution-log filter', 'GET', `${V}/execution_logs?user_id=a%00`, () => undefined, 'user_id'],
    ['an auth-config filter', 'GET', `${V}/auth_configs?toolkit_slug=git%00hub`, () => undefined, 'toolkit_slug'],
    ['a search-log filter', 'GET', `${V}/search_logs?session_id=trs_%00`, () => undefined, 'session_id'],
    [
      'a key deep in tool arguments',
      'POST',
      `${V}/tool_router/session/{session}/execute`,
      () => ({ tool_slug: 'GITHUB_GET_A_REPOSITORY', arguments: { nested: [{ [`k${NUL}`]: 1 }] } }),
      'arguments.nested[0].k\\u0000',
    ],
    ['an MCP token id in the path', 'DELETE', `${V}/tool_router/session/{session}/mcp_tokens/tok%00`, () => undefined, 'tokenId'],
  ];

  it.each(places)('%s → 400 naming the field', async (_name, method, path, body, field) => {
    const res = await api.call(method, path.replace('{session}', sessionId), body());
    expect(res.status, JSON.stringify(res.json)).toBe(400);
    expect(res.json.error.slug).toBe('Request_ValidationFailed');
    expect(res.json.error.errors).toEqual([`${field}: must not contain the NUL character (\\u0000)`]);
  });

  it('the MCP endpoint answers a JSON-RPC error naming the argument', async () => {
    const res = await api.request(`/tool_router/${sessionId}/mcp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'x-api-key': api.keyA },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 7,
        method: 'tools/call',
        params: { name: 'COMPOSIO_SEARCH_TOOLS', arguments: { queries: [{ use_case: `a${NUL}b` }] } },
      }),
    });
    expect(res.status).toBe(400);
    const json = (await res.json()) as { jsonrpc: string; error: { code: number; message: string } };
    expect(json.jsonrpc).toBe('2.0');
    expect(json.error.code).toBe(-32600);
    expect(json.error.message).toContain('params.arguments.queries[0].use_case: must not contain the NUL character');
  });

  it('the MCP endpoint refuses a NUL in its path', async () => {
    const res = await api.request(`/tool_router/trs_%00/mcp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': api.keyA },
      body: '{}',
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { errors: string[] } }).error.errors).toEqual(['id: must not contain the NUL character (\\u0000)']);
  });

  it('a Connect Link token with a NUL is refused, not looked up', async () => {
    const res = await api.request('/link/lt_%00');
    expect(res.status).toBe(400);
  });

  it('a Connect Link form field with a NUL is refused with a page', async () => {
    // Checked as the form is read, before the token is looked up.
    const res = await api.request('/link/lt_any', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'api_key=a%00b' });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('NUL character');
  });
});
