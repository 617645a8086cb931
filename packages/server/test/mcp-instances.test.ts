import { ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProjectService } from '../src/projects/project-service.js';
import { callApp, listen, type StoreKind, startTwoInstances } from './harness.js';
import { connectClient, eventually } from './mcp-harness.js';

/**
 * Two server instances (each with its own connection pool, caches and MCP state) on one database.
 * An MCP client may reach either for any request, and a session changed through one instance
 * notifies clients streaming from the other.
 */
describe.each<StoreKind>(['postgres', 'sqlite'])('MCP across instances on one %s database', (kind) => {
  let instances: Awaited<ReturnType<typeof startTwoInstances>>;
  let apps: typeof instances.apps;
  let servers: Array<Awaited<ReturnType<typeof listen>>> = [];
  let key: string;

  beforeAll(async () => {
    instances = await startTwoInstances(kind);
    ({ apps, key } = instances);
    servers = await Promise.all(apps.map((a) => listen(a)));
  });

  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
    await instances?.close();
  });

  const createSession = async (body: Record<string, unknown>) =>
    (await callApp(apps[0]!, 'POST', '/api/v3.1/tool_router/session', { user_id: 'dana', ...body }, key)).json.session_id as string;

  it('serves one MCP client from both instances, alternating on every request', async () => {
    const id = await createSession({ toolkits: ['github'] });
    const seen: string[] = [];
    let turn = 0;
    // Every request goes to the other instance than the one before (initialize included).
    const roundRobin: typeof fetch = (input, init) => {
      const target = servers[turn++ % 2]!;
      seen.push(target.url);
      const url = new URL(String(input instanceof Request ? input.url : input));
      return fetch(`${target.url}${url.pathname}${url.search}`, init);
    };
    const { client } = await connectClient(`${servers[0]!.url}/tool_router/${id}/mcp`, { headers: { 'x-api-key': key }, fetch: roundRobin });
    try {
      const names = (await client.listTools()).tools.map((t) => t.name);
      expect(names).toContain('COMPOSIO_SEARCH_TOOLS');
      const result = await client.callTool({ name: 'COMPOSIO_SEARCH_TOOLS', arguments: { queries: [{ use_case: 'star a repository' }] } });
      expect(result.isError).toBe(false);
      expect(new Set(seen).size).toBe(2);
    } finally {
      await client.close();
    }
  });

  it('notifies a client streaming from one instance when the session is updated through the other', async () => {
    const id = await createSession({ toolkits: ['github'] });
    const { client, streamOpen } = await connectClient(`${servers[0]!.url}/tool_router/${id}/mcp`, { headers: { 'x-api-key': key } });
    try {
      let notified = 0;
      client.setNotificationHandler(ToolListChangedNotificationSchema, async () => {
        notified++;
      });
      await streamOpen;
      const patched = await callApp(
        apps[1]!,
        'PATCH',
        `/api/v3.1/tool_router/session/${id}`,
        { preload: { tools: ['GITHUB_STAR_A_REPOSITORY_FOR_THE_AUTHENTICATED_USER'] } },
        key,
      );
      expect(patched.status).toBe(200);
      await eventually(() => (notified > 0 ? true : undefined), 5_000, 'list_changed from the other instance');
      expect((await client.listTools()).tools.map((t) => t.name)).toContain('GITHUB_STAR_A_REPOSITORY_FOR_THE_AUTHENTICATED_USER');
    } finally {
      await client.close();
    }
  });
  it('lists the tools of the current config after a PATCH made through the other instance (no stale per-session state)', async () => {
    const id = await createSession({ toolkits: ['github'] });
    // Every request of this client goes to instance 0, which keeps the session's MCP state between them.
    const { client } = await connectClient(`${servers[0]!.url}/tool_router/${id}/mcp`, { headers: { 'x-api-key': key } });
    try {
      const before = (await client.listTools()).tools.map((t) => t.name);
      expect(before).not.toContain('GITHUB_STAR_A_REPOSITORY_FOR_THE_AUTHENTICATED_USER');
      expect((await client.listTools()).tools.map((t) => t.name)).toEqual(before);
      const patched = await callApp(
        apps[1]!,
        'PATCH',
        `/api/v3.1/tool_router/session/${id}`,
        { preload: { tools: ['GITHUB_STAR_A_REPOSITORY_FOR_THE_AUTHENTICATED_USER'] } },
        key,
      );
      expect(patched.status).toBe(200);
      expect((await client.listTools()).tools.map((t) => t.name)).toContain('GITHUB_STAR_A_REPOSITORY_FOR_THE_AUTHENTICATED_USER');
      // And back: the tool is gone again on the very next request, also when the search meta-tools are switched off.
      await callApp(apps[1]!, 'PATCH', `/api/v3.1/tool_router/session/${id}`, { preload: { tools: [] }, search: { enable: false } }, key);
      const after = (await client.listTools()).tools.map((t) => t.name);
      expect(after).not.toContain('GITHUB_STAR_A_REPOSITORY_FOR_THE_AUTHENTICATED_USER');
      expect(after).not.toContain('COMPOSIO_SEARCH_TOOLS');
    } finally {
      await client.close();
    }
  });

  it("answers each session with its own state, and another project's key with 404, on an instance that keeps both", async () => {
    const withTool = await createSession({ toolkits: ['github'], preload: { tools: ['GITHUB_STAR_A_REPOSITORY_FOR_THE_AUTHENTICATED_USER'] } });
    const plain = await createSession({ toolkits: ['github'], search: { enable: false } });
    const clients = await Promise.all(
      [withTool, plain].map((id) => connectClient(`${servers[0]!.url}/tool_router/${id}/mcp`, { headers: { 'x-api-key': key } })),
    );
    try {
      for (let round = 0; round < 3; round++) {
        const [a, b] = await Promise.all(clients.map(async ({ client }) => (await client.listTools()).tools.map((t) => t.name)));
        expect(a).toContain('GITHUB_STAR_A_REPOSITORY_FOR_THE_AUTHENTICATED_USER');
        expect(a).toContain('COMPOSIO_SEARCH_TOOLS');
        expect(b).not.toContain('GITHUB_STAR_A_REPOSITORY_FOR_THE_AUTHENTICATED_USER');
        expect(b).not.toContain('COMPOSIO_SEARCH_TOOLS');
      }
      // The session's state is kept on instance 0 now; another project's key still gets nothing from it.
      const other = (await new ProjectService(instances.stores[0]).createProject('other')).key.key;
      const res = await fetch(`${servers[0]!.url}/tool_router/${withTool}/mcp`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'x-api-key': other },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
      });
      expect(res.status).toBe(404);
      expect(await res.text()).not.toContain('GITHUB_STAR_A_REPOSITORY');
      // And a wrong key is refused on every request, cached state or not.
      const wrong = await fetch(`${servers[0]!.url}/tool_router/${withTool}/mcp`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'x-api-key': `${key}x` },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
      });
      expect(wrong.status).toBe(401);
    } finally {
      await Promise.all(clients.map(({ client }) => client.close()));
    }
  });
});
