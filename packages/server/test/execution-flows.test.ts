import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGuardedFetch } from '../src/net/index.js';
import { startTestApi, type TestApi } from './harness.js';
import { echoSpec, FixedCredentials, startEchoServer } from './helpers/echo-server.js';

/** Multi-execute, permissions with approvals, proxy_execute, egress refusals and learning. */
const BASE = '/api/v3.1/tool_router/session';
let echo: Awaited<ReturnType<typeof startEchoServer>>;
let api: TestApi;

beforeAll(async () => {
  echo = await startEchoServer();
  api = await startTestApi({ egressAllow: ['127.0.0.1'], wiring: { credentials: new FixedCredentials({ mode: 'BEARER_TOKEN', token: 'tok_1' }) } });
  expect((await api.call('POST', '/api/v3.1/toolkits/import', { slug: 'echo', spec: echoSpec(echo.url) })).status).toBe(201);
});
afterAll(async () => {
  await api.close();
  await echo.close();
});

async function session(config: Record<string, unknown> = {}): Promise<string> {
  const res = await api.call('POST', BASE, { user_id: 'bob', toolkits: ['echo', 'hackernews'], ...config });
  expect(res.status).toBe(201);
  return res.json.session_id;
}
const run = (id: string, tool_slug: string, args: Record<string, unknown>) => api.call('POST', `${BASE}/${id}/execute`, { tool_slug, arguments: args });

describe('COMPOSIO_MULTI_EXECUTE_TOOL', () => {
  it('runs items in parallel and reports each one, with mixed success', async () => {
    const id = await session();
    const tools = [
      { tool_slug: 'ECHO_READ_THING', arguments: { thingId: 1 } },
      { tool_slug: 'ECHO_FAIL_WITH_STATUS', arguments: { code: 500 } },
      { tool_slug: 'LOCAL_GREP', arguments: { pattern: 'x' } },
      { tool_slug: 'ECHO_NO_SUCH_TOOL', arguments: {} },
      { tool_slug: 'ECHO_CREATE_THING', arguments: { thingId: 2 } },
      { tool_slug: 'COMPOSIO_SEARCH_TOOLS', arguments: {} },
      { tool_slug: 'echo_read_thing', arguments: { thingId: 3 } },
    ];
    const res = await run(id, 'COMPOSIO_MULTI_EXECUTE_TOOL', { tools, sync_response_to_workbench: false, session_id: 'wf_1' });
    expect(res.status).toBe(200);
    const { results, total_count, success_count, error_count, session: wf } = res.json.data;
    expect({ total_count, success_count, error_count }).toEqual({ total_count: 7, success_count: 2, error_count: 5 });
    expect(res.json.error).toBe('5 out of 7 tools failed');
    expect(wf.id).toBe('wf_1');
    expect(results.map((r: { index: number }) => r.index)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    const [ok, failed, local, unknown, invalid, meta, lower] = results;
    expect(ok).toMatchObject({
      tool_slug: 'ECHO_READ_THING',
      error: null,
      response: { successful: true, data: { path: '/things/1' }, log_id: expect.stringMatching(/^log_/) },
    });
    expect(failed).toMatchObject({ error: expect.stringMatching(/^500/), response: { successful: false, data: { status_code: 500 } } });
    expect(local).toMatchObject({ response: null, error: expect.stringMatching(/runs in your application/) });
    expect(unknown).toMatchObject({ response: null, error: expect.stringMatching(/No tool "ECHO_NO_SUCH_TOOL"/) });
    expect(invalid).toMatchObject({ response: null, error: expect.stringMatching(/arguments\.name: is required/) });
    expect(meta.error).toMatch(/meta tool/);
    expect(lower).toMatchObject({ error: null, response: { data: { path: '/things/3' } } });
    expect(res.headers.get('x-should-retry')).toBe('false');

    const items = await api.call('GET', `/api/v3.1/execution_logs?session_id=${id}&limit=50`);
    const parent = items.json.items.find((i: { tool_slug: string }) => i.tool_slug === 'COMPOSIO_MULTI_EXECUTE_TOOL');
    expect(parent).toMatchObject({ id: res.json.log_id, status: 'error' });
    const children = items.json.items.filter((i: { parent_id: string | null }) => i.parent_id === parent.id);
    expect(children.length).toBe(5);
  });

  it('accepts 1 to 50 items, and the session can switch it off', async () => {
    const id = await session();
    const none = await run(id, 'COMPOSIO_MULTI_EXECUTE_TOOL', { tools: [], sync_response_to_workbench: false });
    expect(none.json.error).toMatch(/arguments\.tools: must NOT have fewer than 1 items/);
    const many = Array.from({ length: 51 }, () => ({ tool_slug: 'ECHO_READ_THING', arguments: { thingId: 1 } }));
    expect((await run(id, 'COMPOSIO_MULTI_EXECUTE_TOOL', { tools: many })).json.error).toMatch(/more than 50/);
    const off = await session({ execute: { enable_multi_execute: false } });
    expect((await run(off, 'COMPOSIO_MULTI_EXECUTE_TOOL', { tools: [many[0]] })).json.error).toMatch(/not enabled/);
  });
});

describe('permissions and approvals', () => {
  const perms = (permissions: Record<string, unknown>) => ({ experimental: { permissions } });

  it('denies by exact override before the account-wide one, and by default', async () => {
    const id = await session(
      perms({
        default: 'allow_all',
        overrides: { '*:ca_test1': 'always_deny', 'ECHO_READ_THING:ca_test1': 'always_allow', 'HACKERNEWS_GET_ITEM:__none__': 'always_deny' },
      }),
    );
    const before = echo.received.length;
    const denied = await run(id, 'ECHO_CREATE_THING', { thingId: 1, name: 'n' });
    expect(denied.json.error).toMatch(/denied by this session's permissions \(override "\*:ca_test1" is always_deny\)/);
    expect(echo.received.length).toBe(before);
    expect((await run(id, 'ECHO_READ_THING', { thingId: 1 })).json.error).toBeNull();
    expect((await run(id, 'HACKERNEWS_GET_ITEM', { id: 1 })).json.error).toMatch(/HACKERNEWS_GET_ITEM:__none__/);
    const logs = await api.call('GET', `/api/v3.1/execution_logs?session_id=${id}&status=denied`);
    expect(logs.json.items).toHaveLength(2);
  });

  it('asks, runs once after approval, and refuses a replayed or changed call', async () => {
    const id = await session(perms({ default: 'ask_every_call' }));
    const args = { thingId: 9, name: 'bulb' };
    const before = echo.received.length;
    const asked = await run(id, 'ECHO_CREATE_THING', args);
    expect(asked.json.data).toMatchObject({ approval_required: true, approval_id: expect.stringMatching(/^apr_/), tool_slug: 'ECHO_CREATE_THING' });
    expect(asked.json.error).toMatch(/needs the user's approval/);
    expect(echo.received.length).toBe(before);
    const approvalId = asked.json.data.approval_id;

    // Asking again before a decision hands out the same request instead of piling up new ones.
    expect((await run(id, 'ECHO_CREATE_THING', { name: 'bulb', thingId: 9 })).json.data.approval_id).toBe(approvalId);
    const pending = await api.call('GET', `/api/v3.1/approvals?session_id=${id}&status=pending`);
    expect(pending.json.items).toMatchObject([{ id: approvalId, status: 'pending', arguments: args, connected_account_id: 'ca_test1' }]);
    expect((await api.call('POST', `/api/v3.1/approvals/${approvalId}/approve`, undefined, api.keyB)).status).toBe(404);
    const approved = await api.call('POST', `/api/v3.1/approvals/${approvalId}/approve`);
    expect(approved.json).toMatchObject({ id: approvalId, status: 'approved' });

    // Different arguments do not ride on the approval.
    const changed = await run(id, 'ECHO_CREATE_THING', { thingId: 9, name: 'other' });
    expect(changed.json.data.approval_required).toBe(true);
    expect(changed.json.data.approval_id).not.toBe(approvalId);

    const ran = await run(id, 'ECHO_CREATE_THING', args);
    expect(ran.json, JSON.stringify(ran.json)).toMatchObject({ error: null, data: { path: '/things/9', body: { name: 'bulb' } } });
    expect((await api.call('GET', `/api/v3.1/approvals/${approvalId}`)).json.status).toBe('used');

    const replay = await run(id, 'ECHO_CREATE_THING', args);
    expect(replay.json.data.approval_required).toBe(true);
    expect(replay.json.data.approval_id).not.toBe(approvalId);
    const reapprove = await api.call('POST', `/api/v3.1/approvals/${approvalId}/approve`);
    expect(reapprove.status).toBe(409);
    expect(reapprove.json.error.slug).toBe('Approval_NotPending');
  });

  it('a denied request never runs and cannot be approved afterwards', async () => {
    const id = await session(perms({ overrides: { 'ECHO_CREATE_THING:ca_test1': 'ask_always' } }));
    const asked = await run(id, 'ECHO_CREATE_THING', { thingId: 1, name: 'x' });
    const approvalId = asked.json.data.approval_id;
    expect((await api.call('POST', `/api/v3.1/approvals/${approvalId}/deny`)).json.status).toBe('denied');
    expect((await api.call('POST', `/api/v3.1/approvals/${approvalId}/approve`)).status).toBe(409);
    expect((await run(id, 'ECHO_CREATE_THING', { thingId: 1, name: 'x' })).json.data.approval_required).toBe(true);
    expect((await api.call('POST', '/api/v3.1/approvals/apr_missing/approve')).status).toBe(404);
  });

  it('ask_once_per_session asks once per tool, then allows any arguments', async () => {
    const id = await session(perms({ default: 'ask_once_per_session' }));
    const asked = await run(id, 'ECHO_READ_THING', { thingId: 1 });
    await api.call('POST', `/api/v3.1/approvals/${asked.json.data.approval_id}/approve`);
    expect((await run(id, 'ECHO_READ_THING', { thingId: 1 })).json.error).toBeNull();
    expect((await run(id, 'ECHO_READ_THING', { thingId: 2 })).json.error).toBeNull();
    expect((await run(id, 'ECHO_CREATE_THING', { thingId: 2, name: 'x' })).json.data.approval_required).toBe(true);
  });

  it('lets the caller decide inline (the MCP endpoint asks by elicitation)', async () => {
    const id = await session(perms({ default: 'ask_every_call' }));
    const asked: string[] = [];
    const yes = await api.services.execution.execute(
      api.projectA,
      id,
      { tool_slug: 'ECHO_READ_THING', arguments: { thingId: 4 } },
      {
        askApproval: async (request) => {
          asked.push(request.id);
          return 'approve';
        },
      },
    );
    expect(yes.error).toBeNull();
    const no = await api.services.execution.execute(
      api.projectA,
      id,
      { tool_slug: 'ECHO_READ_THING', arguments: { thingId: 4 } },
      { askApproval: async () => 'deny' },
    );
    expect(no.error).toMatch(/not approved/);
    expect(asked).toHaveLength(1);
  });
});

describe('proxy_execute', () => {
  const proxy = (id: string, body: Record<string, unknown>, key?: string) => api.call('POST', `${BASE}/${id}/proxy_execute`, body, key);

  it('calls the toolkit API with the account credentials, parameters and body', async () => {
    const id = await session();
    const res = await proxy(id, {
      toolkit_slug: 'echo',
      endpoint: '/anything/here',
      method: 'post',
      body: { a: 1 },
      parameters: [
        { name: 'page', type: 'query', value: 2 },
        { name: 'X-Custom', type: 'header', value: 'yes' },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ status: 200, data: { method: 'POST', path: '/anything/here', query: { page: '2' }, body: { a: 1 } } });
    expect(res.json.data.headers).toMatchObject({ authorization: 'Bearer tok_1', 'x-custom': 'yes' });
    expect(res.json.headers['content-type']).toBe('application/json');
    expect((await proxy(id, { toolkit_slug: 'echo', endpoint: `${echo.url}/abs`, method: 'GET' })).json.data.path).toBe('/abs');
  });

  it('refuses a foreign host, another port, and toolkits outside the session', async () => {
    const id = await session();
    for (const endpoint of [
      'http://169.254.169.254/latest/meta-data',
      `http://localhost:${echo.port}/x`,
      `http://127.0.0.1:${echo.port + 1}/x`,
      'file:///etc/passwd',
    ]) {
      const before = echo.received.length;
      const res = await proxy(id, { toolkit_slug: 'echo', endpoint, method: 'DELETE' });
      expect(res.status, endpoint).toBe(403);
      expect(res.json.error.slug).toBe('Execution_ProxyNotAllowed');
      expect(res.headers.get('x-should-retry')).toBe('false');
      expect(echo.received.length).toBe(before);
    }
    const other = await api.call('POST', BASE, { user_id: 'bob', toolkits: ['hackernews'] });
    expect((await proxy(other.json.session_id, { toolkit_slug: 'echo', endpoint: '/x', method: 'GET' })).status).toBe(403);
    expect((await proxy(id, { toolkit_slug: 'nope', endpoint: '/x', method: 'GET' })).status).toBe(404);
    expect((await proxy(id, { toolkit_slug: 'echo', endpoint: '/x', method: 'TRACE' })).status).toBe(400);
  });

  it('refuses a redirect away from the toolkit host', async () => {
    const id = await session();
    const res = await proxy(id, {
      toolkit_slug: 'echo',
      endpoint: '/redirect',
      method: 'GET',
      parameters: [{ name: 'to', type: 'query', value: 'http://169.254.169.254/' }],
    });
    expect(res.status).toBe(403);
    expect(res.json.error.slug).toBe('Net_EgressDenied');
  });
});

describe('egress safety for tool calls', () => {
  it('never follows a redirect to the cloud metadata address (or any other host): the link is handed back instead', async () => {
    const id = await session();
    const res = await run(id, 'ECHO_FOLLOW_REDIRECT', { to: 'http://169.254.169.254/latest/meta-data/' });
    expect(res.json.data).toMatchObject({ status_code: 302, location: 'http://169.254.169.254/latest/meta-data/' });
    // Same-host redirects are followed.
    const same = await run(id, 'ECHO_FOLLOW_REDIRECT', { to: '/things/5' });
    expect(same.json.data).toMatchObject({ method: 'GET', path: '/things/5' });
  });

  it('refuses a redirect hop to the cloud metadata address where redirects are followed', async () => {
    const guarded = createGuardedFetch({ allow: ['127.0.0.1'] });
    const error = await guarded(`${echo.url}/redirect?to=${encodeURIComponent('http://169.254.169.254/latest/meta-data/')}`).catch((e: unknown) => e);
    expect(String((error as Error).message)).toMatch(/Redirect to 169\.254\.169\.254 refused/);
  });

  it('refuses a DNS name resolving to loopback unless the operator or the project allowlists it', async () => {
    const strict = await startTestApi({ egressAllow: [], wiring: { credentials: new FixedCredentials({ mode: 'NO_AUTH' }) } });
    try {
      const spec = echoSpec(`http://localhost:${echo.port}`);
      expect((await strict.call('POST', '/api/v3.1/toolkits/import', { slug: 'loopback', spec })).status).toBe(201);
      const id = (await strict.call('POST', BASE, { user_id: 'u', toolkits: ['loopback'] })).json.session_id;
      const before = echo.received.length;
      const refused = await strict.call('POST', `${BASE}/${id}/execute`, { tool_slug: 'LOOPBACK_READ_THING', arguments: { thingId: 1 } });
      expect(refused.json.error).toMatch(/localhost \(resolves to (127\.0\.0\.1|::1)\) refused: it is a loopback address/);
      expect(echo.received.length).toBe(before);

      await strict.services.store.projectSettings.setEgressAllow(strict.projectA, ['localhost']);
      const allowed = await strict.call('POST', `${BASE}/${id}/execute`, { tool_slug: 'LOOPBACK_READ_THING', arguments: { thingId: 1 } });
      expect(allowed.json.error).toBeNull();
      expect((await strict.call('GET', '/api/v3.1/egress_allowlist')).json).toEqual({ project: ['localhost'], operator: [] });
      // Another project's allowlist does not apply.
      const idB = (await strict.call('POST', BASE, { user_id: 'u', toolkits: ['hackernews'] }, strict.keyB)).json.session_id;
      expect(idB).toBeDefined();
    } finally {
      await strict.close();
    }
  });
});

describe('learning from use', () => {
  it('records (query, tool) when a searched tool is executed through the API', async () => {
    const id = await session();
    const search = await api.call('POST', `${BASE}/${id}/search`, { queries: [{ use_case: 'create a new thing with a name' }] });
    const found = [...search.json.results[0].primary_tool_slugs, ...search.json.results[0].related_tool_slugs];
    expect(found).toContain('ECHO_CREATE_THING');
    expect((await run(id, 'ECHO_CREATE_THING', { thingId: 3, name: 'z' })).json.error).toBeNull();
    const usage = await api.services.store.search.usageSince(api.projectA);
    expect(usage).toContainEqual(expect.objectContaining({ tool_slug: 'ECHO_CREATE_THING', query: 'create a new thing with a name', count: 1 }));
  });
});
