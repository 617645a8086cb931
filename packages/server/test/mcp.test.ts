import { ErrorCode, McpError, ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProjectService } from '../src/projects/project-service.js';
import type { Store } from '../src/store/store.js';
import { callApp, createTestApp, listen, openTestStore } from './harness.js';
import { connectClient, eventually } from './mcp-harness.js';

/**
 * The per-session MCP endpoint, driven by the official MCP TypeScript client over real HTTP.
 */
type App = Awaited<ReturnType<typeof createTestApp>>;
let store: Store;
let dispose: () => Promise<void>;
let app: App;
let server: Awaited<ReturnType<typeof listen>>;
let keyA: string;
let keyB: string;

beforeAll(async () => {
  const opened = await openTestStore('sqlite');
  store = opened.store;
  dispose = opened.dispose;
  app = await createTestApp(store);
  server = await listen(app);
  const projects = new ProjectService(store);
  keyA = (await projects.createProject('a')).key.key;
  keyB = (await projects.createProject('b')).key.key;
});

afterAll(async () => {
  await server?.close();
  await store?.close();
  await dispose?.();
});

const rest = (method: string, path: string, body?: unknown, key: string | null = keyA) => callApp(app, method, `/api/v3.1${path}`, body, key);

async function newSession(body: Record<string, unknown> = {}) {
  const created = await rest('POST', '/tool_router/session', { user_id: 'alice', ...body });
  expect(created.status).toBe(201);
  return created.json as { session_id: string; mcp: { type: string; url: string } };
}

/** The session's MCP URL on the listening server (the session object carries the test origin). */
const mcpUrl = (sessionId: string) => `${server.url}/tool_router/${sessionId}/mcp`;

function initialize(protocolVersion: string, capabilities: Record<string, unknown> = {}) {
  return {
    jsonrpc: '2.0',
    id: 1,
    method: 'initialize',
    params: { protocolVersion, capabilities, clientInfo: { name: 'raw', version: '1' } },
  };
}

async function rawPost(url: string, body: unknown, headers: Record<string, string>) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  const data = text
    .split('\n')
    .filter((l) => l.startsWith('data: '))
    .map((l) => JSON.parse(l.slice(6)));
  return { res, text, messages: data as any[] };
}

describe('MCP endpoint: access', () => {
  it('hands out its URL on the API origin in session.mcp', async () => {
    const session = await newSession();
    expect(session.mcp).toEqual({ type: 'http', url: `http://router.test/tool_router/${session.session_id}/mcp` });
  });

  it('answers 401 without a key and with a wrong key, in the error envelope', async () => {
    const { session_id } = await newSession();
    const none = await rawPost(mcpUrl(session_id), initialize('2025-11-25'), {});
    expect(none.res.status).toBe(401);
    expect(JSON.parse(none.text).error.slug).toBe('Auth_ApiKeyMissing');
    const wrong = await rawPost(mcpUrl(session_id), initialize('2025-11-25'), { 'x-api-key': 'trk_not_a_key' });
    expect(wrong.res.status).toBe(401);
    expect(JSON.parse(wrong.text).error.slug).toBe('Auth_ApiKeyInvalid');
  });

  it('accepts x-api-key and Authorization: Bearer', async () => {
    const { session_id } = await newSession();
    for (const headers of [{ 'x-api-key': keyA }, { authorization: `Bearer ${keyA}` }] as Array<Record<string, string>>) {
      const { res, messages } = await rawPost(mcpUrl(session_id), initialize('2025-11-25'), headers);
      expect(res.status).toBe(200);
      expect(messages[0].result.serverInfo.name).toBe('toolrouter');
    }
  });

  it("answers 404 for an unknown session, for another project's key, and after the session is deleted", async () => {
    const { session_id } = await newSession();
    const unknown = await rawPost(mcpUrl('trs_doesnotexist'), initialize('2025-11-25'), { 'x-api-key': keyA });
    expect(unknown.res.status).toBe(404);
    expect(JSON.parse(unknown.text).error.slug).toBe('Session_NotFound');
    const foreign = await rawPost(mcpUrl(session_id), initialize('2025-11-25'), { 'x-api-key': keyB });
    expect(foreign.res.status).toBe(404);
    expect((await rest('DELETE', `/tool_router/session/${session_id}`)).status).toBe(200);
    const deleted = await rawPost(mcpUrl(session_id), initialize('2025-11-25'), { 'x-api-key': keyA });
    expect(deleted.res.status).toBe(404);
  });
});

describe('MCP endpoint: protocol revisions', () => {
  it.each(['2025-11-25', '2025-06-18', '2025-03-26'])('negotiates %s when the client asks for it', async (version) => {
    const { session_id } = await newSession();
    const { res, messages } = await rawPost(mcpUrl(session_id), initialize(version), { 'x-api-key': keyA });
    expect(res.status).toBe(200);
    expect(messages[0].result.protocolVersion).toBe(version);
    expect(messages[0].result.capabilities.tools).toEqual({ listChanged: true });
    expect(res.headers.get('mcp-session-id')).toMatch(/^trm1\./);
    // Later requests of that revision carry its header and are served.
    const list = await rawPost(
      mcpUrl(session_id),
      { jsonrpc: '2.0', id: 2, method: 'tools/list', params: {} },
      { 'x-api-key': keyA, 'mcp-protocol-version': version, 'mcp-session-id': res.headers.get('mcp-session-id')! },
    );
    expect(list.messages[0].result.tools.length).toBeGreaterThan(0);
  });

  it('lets a client end its MCP session with DELETE (nothing is kept, so nothing breaks)', async () => {
    const { session_id } = await newSession();
    const { client, transport } = await connectClient(mcpUrl(session_id), { headers: { 'x-api-key': keyA } });
    expect(transport.sessionId).toMatch(/^trm1\./);
    await transport.terminateSession();
    await client.close();
    const again = await connectClient(mcpUrl(session_id), { headers: { 'x-api-key': keyA } });
    expect((await again.client.listTools()).tools.length).toBeGreaterThan(0);
    await again.client.close();
  });

  it('answers an unknown revision with the latest one', async () => {
    const { session_id } = await newSession();
    const { messages } = await rawPost(mcpUrl(session_id), initialize('2099-01-01'), { 'x-api-key': keyA });
    expect(messages[0].result.protocolVersion).toBe('2025-11-25');
  });

  it('refuses a request that names an unsupported revision in its header', async () => {
    const { session_id } = await newSession();
    const { res } = await rawPost(
      mcpUrl(session_id),
      { jsonrpc: '2.0', id: 2, method: 'tools/list', params: {} },
      { 'x-api-key': keyA, 'mcp-protocol-version': '1999-01-01' },
    );
    expect(res.status).toBe(400);
  });
});

describe('MCP endpoint: tools', () => {
  it("lists exactly the session's tools (GET …/tools), with annotations from the tags", async () => {
    const { session_id } = await newSession({ toolkits: ['github', 'hackernews'], preload: { tools: ['GITHUB_CREATE_AN_ISSUE'] } });
    const { client } = await connectClient(mcpUrl(session_id), { headers: { 'x-api-key': keyA } });
    try {
      const { tools } = await client.listTools();
      const rest_ = await rest('GET', `/tool_router/session/${session_id}/tools`);
      expect(tools.map((t) => t.name)).toEqual(rest_.json.items.map((t: any) => t.slug));
      expect(tools.map((t) => t.name)).toContain('GITHUB_CREATE_AN_ISSUE');
      for (const tool of tools) {
        const item = rest_.json.items.find((t: any) => t.slug === tool.name);
        expect(tool.inputSchema).toEqual({ ...item.input_parameters, type: 'object' });
        expect(tool.description).toBe(item.description);
        expect(tool.annotations?.readOnlyHint ?? false).toBe(item.tags.includes('readOnlyHint'));
        expect(tool.annotations?.destructiveHint).toBe(item.tags.includes('destructiveHint'));
      }
      const search = tools.find((t) => t.name === 'COMPOSIO_SEARCH_TOOLS')!;
      expect(search.annotations).toMatchObject({ readOnlyHint: true, destructiveHint: false, openWorldHint: true });
    } finally {
      await client.close();
    }
  });

  it('lists every allowed tool and no meta-tool under the direct-tools preset', async () => {
    // What `sessionPreset: DIRECT_TOOLS` sends (composio-wire §2.1).
    const { session_id } = await newSession({
      toolkits: { enable: ['hackernews'] },
      manage_connections: { enable: false },
      workbench: { enable: false },
      preload: { tools: 'all' },
      search: { enable: false },
      execute: { enable_multi_execute: false },
    });
    const { client } = await connectClient(mcpUrl(session_id), { headers: { 'x-api-key': keyA } });
    try {
      const names = (await client.listTools()).tools.map((t) => t.name);
      const catalog = await rest('GET', '/tools?toolkit_slug=hackernews&limit=500');
      expect(names.sort()).toEqual(catalog.json.items.map((t: any) => t.slug).sort());
      expect(names.some((n) => n.startsWith('COMPOSIO_'))).toBe(false);
    } finally {
      await client.close();
    }
  });

  it('preloads all of a large toolkit (GitHub narrowed to just under the limit): REST pages and tools/list carry every tool', async () => {
    // Reported as a session create that stalled for minutes with GitHub's 1,000+ tools preloaded.
    const catalog = await rest('GET', '/tools?toolkit_slug=github&limit=1000');
    const slugs: string[] = catalog.json.items.map((t: any) => t.slug).slice(0, 990);
    const { session_id } = await newSession({
      toolkits: { enable: ['github'] },
      tools: { github: { enable: slugs } },
      preload: { tools: 'all' },
      manage_connections: { enable: false },
      workbench: { enable: false },
      search: { enable: false },
      execute: { enable_multi_execute: false },
    });
    const listed: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await rest('GET', `/tool_router/session/${session_id}/tools?limit=500${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      listed.push(...page.json.items.map((t: any) => t.slug));
      cursor = page.json.next_cursor;
    } while (cursor);
    expect(listed.sort()).toEqual([...slugs].sort());
    const { client } = await connectClient(mcpUrl(session_id), { headers: { 'x-api-key': keyA } });
    try {
      const names = (await client.listTools()).tools.map((t) => t.name);
      expect(names.sort()).toEqual([...slugs].sort());
    } finally {
      await client.close();
    }
    // The whole toolkit is over the preload limit: refused at once with the count, not attempted.
    const whole = await rest('POST', '/tool_router/session', { user_id: 'alice', toolkits: ['github'], preload: { tools: 'all' } });
    expect(whole.status).toBe(400);
    expect(whole.json.error.message).toMatch(/would preload \d{4} tools; the limit is 1000/);
  });

  it('runs a meta-tool through the execute pipeline: JSON text plus the same structured content', async () => {
    const { session_id } = await newSession({ toolkits: ['github'] });
    const { client } = await connectClient(mcpUrl(session_id), { headers: { 'x-api-key': keyA } });
    try {
      const result = await client.callTool({
        name: 'COMPOSIO_SEARCH_TOOLS',
        arguments: { queries: [{ use_case: 'open an issue in a github repository' }], session: { generate_id: true } },
      });
      expect(result.isError).toBe(false);
      const text = (result.content as Array<{ type: string; text: string }>)[0]!;
      expect(text.type).toBe('text');
      const envelope = JSON.parse(text.text);
      expect(envelope).toEqual(result.structuredContent);
      expect(envelope.successful).toBe(true);
      expect(envelope.error).toBeNull();
      // The same engine as the REST search.
      const viaRest = await rest('POST', `/tool_router/session/${session_id}/search`, { queries: [{ use_case: 'open an issue in a github repository' }] });
      expect(envelope.data.results[0].primary_tool_slugs.length).toBeGreaterThan(0);
      expect(envelope.data.results[0].primary_tool_slugs).toEqual(viaRest.json.results[0].primary_tool_slugs);
      expect(result._meta?.['toolrouter/log_id']).toMatch(/^log_/);
    } finally {
      await client.close();
    }
  });

  it('reports a tool failure as an isError result the agent can read', async () => {
    const { session_id } = await newSession({ toolkits: ['github'] });
    const { client } = await connectClient(mcpUrl(session_id), { headers: { 'x-api-key': keyA } });
    try {
      const missing = await client.callTool({ name: 'COMPOSIO_GET_TOOL_SCHEMAS', arguments: { tool_slugs: ['GITHUB_CREATE_AN_ISUE'] } });
      expect(missing.isError).toBe(true);
      expect((missing.structuredContent as any).successful).toBe(false);
      const invalid = await client.callTool({ name: 'COMPOSIO_SEARCH_TOOLS', arguments: { queries: 'not a list' } });
      expect(invalid.isError).toBe(true);
      expect((invalid.structuredContent as any).error).toMatch(/queries/);
      // A catalog tool the user cannot run right now (no connected GitHub account, or no executor).
      const appTool = await client.callTool({ name: 'GITHUB_GET_A_REPOSITORY', arguments: { owner: 'octocat', repo: 'hello-world' } });
      expect(appTool.isError).toBe(true);
      expect(typeof (appTool.structuredContent as any).error).toBe('string');
    } finally {
      await client.close();
    }
  });

  it('answers an unknown tool with a protocol error', async () => {
    const { session_id } = await newSession();
    const { client } = await connectClient(mcpUrl(session_id), { headers: { 'x-api-key': keyA } });
    try {
      const error = await client.callTool({ name: 'NO_SUCH_TOOL_ANYWHERE', arguments: {} }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(McpError);
      expect((error as McpError).code).toBe(ErrorCode.InvalidParams);
    } finally {
      await client.close();
    }
  });
});

describe('MCP endpoint: request bodies', () => {
  it('refuses a "__proto__" key anywhere in the message, as the REST API does, literal or escaped', async () => {
    const { session_id } = await newSession();
    for (const key of ['__proto__', '\\u005f_proto__']) {
      const text = `{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"COMPOSIO_SEARCH_TOOLS","arguments":{"queries":[{"use_case":"x"}],"${key}":{"polluted":true}}}}`;
      const res = await fetch(mcpUrl(session_id), {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'x-api-key': keyA },
        body: text,
      });
      expect(res.status).toBe(400);
      const json = (await res.json()) as { error: { code: number; message: string } };
      expect(json.error.code).toBe(-32600);
      expect(json.error.message).toContain('params.arguments.__proto__');
    }
  });
});

describe('MCP endpoint: tool list changes', () => {
  it('sends notifications/tools/list_changed on the open stream when the session is updated', async () => {
    const { session_id } = await newSession({ toolkits: ['github'] });
    const { client, streamOpen } = await connectClient(mcpUrl(session_id), { headers: { 'x-api-key': keyA } });
    try {
      let notified = 0;
      client.setNotificationHandler(ToolListChangedNotificationSchema, async () => {
        notified++;
      });
      await streamOpen;
      expect((await client.listTools()).tools.map((t) => t.name)).not.toContain('GITHUB_CREATE_AN_ISSUE');
      await rest('PATCH', `/tool_router/session/${session_id}`, { preload: { tools: ['GITHUB_CREATE_AN_ISSUE'] } });
      await eventually(() => (notified > 0 ? true : undefined), 5_000, 'list_changed');
      expect((await client.listTools()).tools.map((t) => t.name)).toContain('GITHUB_CREATE_AN_ISSUE');
    } finally {
      await client.close();
    }
  });

  it("sends it when the user's connections change", async () => {
    const { session_id } = await newSession({ user_id: 'carol' });
    const { client, streamOpen } = await connectClient(mcpUrl(session_id), { headers: { 'x-api-key': keyA } });
    try {
      let notified = 0;
      client.setNotificationHandler(ToolListChangedNotificationSchema, async () => {
        notified++;
      });
      await streamOpen;
      const projectId = (await store.sessions.get((await new ProjectService(store).authenticate(keyA))!.id, session_id))!.project_id;
      const change = { kind: 'account_changed', project_id: projectId, account_id: 'ca_x', toolkit: 'github', status: 'ACTIVE', version: 1 } as const;
      await store.changes.publish({ ...change, user_id: 'someone-else' });
      await store.changes.publish({ ...change, user_id: 'carol' });
      await eventually(() => (notified > 0 ? true : undefined), 5_000, 'list_changed');
      await new Promise((r) => setTimeout(r, 400));
      expect(notified).toBe(1);
    } finally {
      await client.close();
    }
  });

  it('ends the stream when the session is deleted', async () => {
    const { session_id } = await newSession();
    const res = await fetch(mcpUrl(session_id), { headers: { accept: 'text/event-stream', 'x-api-key': keyA } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    await rest('DELETE', `/tool_router/session/${session_id}`);
    const reader = res.body!.getReader();
    const ended = await eventually(async () => ((await reader.read()).done ? true : undefined), 5_000, 'stream end');
    expect(ended).toBe(true);
  });
});

describe('MCP endpoint: URL tokens for clients that cannot send headers', () => {
  it('issues a session-scoped token whose URL alone opens the session, and never shows it again', async () => {
    const { session_id } = await newSession();
    const issued = await rest('POST', `/tool_router/session/${session_id}/mcp_tokens`, { name: 'desktop' });
    expect(issued.status).toBe(201);
    expect(issued.json.token).toMatch(/^trmcp_/);
    expect(issued.json.url).toBe(`http://router.test/tool_router/${session_id}/mcp?token=${issued.json.token}`);
    const { client } = await connectClient(`${mcpUrl(session_id)}?token=${issued.json.token}`);
    try {
      expect((await client.listTools()).tools.length).toBeGreaterThan(0);
    } finally {
      await client.close();
    }
    const listed = await rest('GET', `/tool_router/session/${session_id}/mcp_tokens`);
    expect(listed.json.items).toEqual([expect.objectContaining({ id: issued.json.id, name: 'desktop', revoked_at: null })]);
    expect(JSON.stringify(listed.json)).not.toContain(issued.json.token);
  });

  it('opens only its own session, and nothing after revocation', async () => {
    const mine = await newSession();
    const other = await newSession();
    const { json } = await rest('POST', `/tool_router/session/${mine.session_id}/mcp_tokens`, {});
    const elsewhere = await rawPost(`${mcpUrl(other.session_id)}?token=${json.token}`, initialize('2025-11-25'), {});
    expect(elsewhere.res.status).toBe(401);
    expect(JSON.parse(elsewhere.text).error.slug).toBe('Mcp_TokenWrongSession');
    // A token is not an API key.
    expect((await rest('GET', `/tool_router/session/${mine.session_id}`, undefined, json.token)).status).toBe(401);
    expect((await rest('DELETE', `/tool_router/session/${mine.session_id}/mcp_tokens/${json.id}`)).json).toEqual({ id: json.id, revoked: true });
    const revoked = await rawPost(`${mcpUrl(mine.session_id)}?token=${json.token}`, initialize('2025-11-25'), {});
    expect(revoked.res.status).toBe(401);
    expect((await rest('DELETE', `/tool_router/session/${mine.session_id}/mcp_tokens/mtk_nope`)).status).toBe(404);
  });

  it('validates the request and keeps tokens inside their project', async () => {
    const { session_id } = await newSession();
    const bad = await rest('POST', `/tool_router/session/${session_id}/mcp_tokens`, { expires_in: 5, colour: 'red' });
    expect(bad.status).toBe(400);
    expect(bad.json.error.errors.join(' ')).toMatch(/expires_in/);
    expect((await rest('POST', `/tool_router/session/${session_id}/mcp_tokens`, {}, keyB)).status).toBe(404);
  });
});
