import { ElicitRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inventorySpec, startInventoryUpstream } from './compat/inventory-upstream.js';
import { callApp, listen, startTwoInstances } from './harness.js';
import { connectClient } from './mcp-harness.js';

/**
 * Tool calls over MCP that reach a real upstream, and permission "ask" decided by the person at
 * the MCP client through elicitation — also when the answer reaches another instance.
 */
let instances: Awaited<ReturnType<typeof startTwoInstances>>;
let apps: typeof instances.apps;
let servers: Array<Awaited<ReturnType<typeof listen>>> = [];
let upstream: Awaited<ReturnType<typeof startInventoryUpstream>>;
let key: string;

beforeAll(async () => {
  upstream = await startInventoryUpstream();
  instances = await startTwoInstances('postgres', ['127.0.0.1']);
  ({ apps, key } = instances);
  servers = await Promise.all(apps.map((a) => listen(a)));
  const imported = await callApp(apps[0]!, 'POST', '/api/v3.1/toolkits/import', { slug: 'inventory', spec: inventorySpec(upstream.url) }, key);
  expect(imported.status).toBe(201);
});

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  await instances?.close();
  await upstream?.close();
});

async function session(config: Record<string, unknown> = {}) {
  const res = await callApp(apps[0]!, 'POST', '/api/v3.1/tool_router/session', { user_id: 'mcp-user', toolkits: ['inventory'], ...config }, key);
  expect(res.status).toBe(201);
  return res.json.session_id as string;
}
const url = (id: string, instance = 0) => `${servers[instance]!.url}/tool_router/${id}/mcp`;
const askEveryCall = { experimental: { permissions: { default: 'ask_every_call' } } };

describe('MCP tools/call on catalog tools', () => {
  it('runs a catalog tool against its upstream and returns its data', async () => {
    const id = await session();
    const { client } = await connectClient(url(id), { headers: { 'x-api-key': key } });
    try {
      const before = upstream.calls.length;
      const result = await client.callTool({ name: 'INVENTORY_GET_ITEM', arguments: { id: '42' } });
      expect(result.isError).toBe(false);
      expect(result.structuredContent).toMatchObject({ successful: true, error: null, data: { id: '42', name: 'bulb' } });
      expect(upstream.calls.slice(before)).toEqual([{ method: 'GET', path: '/items/42', body: null }]);
    } finally {
      await client.close();
    }
  });

  it('runs COMPOSIO_MULTI_EXECUTE_TOOL with per-item results', async () => {
    const id = await session();
    const { client } = await connectClient(url(id), { headers: { 'x-api-key': key } });
    try {
      const result = await client.callTool({
        name: 'COMPOSIO_MULTI_EXECUTE_TOOL',
        arguments: {
          tools: [
            { tool_slug: 'INVENTORY_GET_ITEM', arguments: { id: '42' } },
            { tool_slug: 'INVENTORY_GET_ITEM', arguments: { id: 'nope' } },
          ],
          sync_response_to_workbench: false,
        },
      });
      expect(result.isError).toBe(true);
      expect((result.structuredContent as any).data).toMatchObject({ total_count: 2, success_count: 1, error_count: 1 });
    } finally {
      await client.close();
    }
  });
});

describe('permission "ask" over MCP', () => {
  it('asks through elicitation and runs the call once the person approves', async () => {
    const id = await session(askEveryCall);
    const { client } = await connectClient(url(id), { headers: { 'x-api-key': key }, capabilities: { elicitation: {} } });
    const asked: string[] = [];
    client.setRequestHandler(ElicitRequestSchema, async (request) => {
      asked.push(request.params.message);
      return { action: 'accept', content: { approve: true } };
    });
    try {
      const before = upstream.calls.length;
      const result = await client.callTool({ name: 'INVENTORY_CREATE_ITEM', arguments: { name: 'approved lamp' } });
      expect(asked).toHaveLength(1);
      expect(asked[0]).toMatch(/INVENTORY_CREATE_ITEM/);
      expect(asked[0]).toMatch(/approved lamp/);
      expect(result.isError).toBe(false);
      expect(upstream.calls.slice(before).map((c) => c.path)).toEqual(['/items']);
    } finally {
      await client.close();
    }
  });

  it('does not run the call when the person declines', async () => {
    const id = await session(askEveryCall);
    const { client } = await connectClient(url(id), { headers: { 'x-api-key': key }, capabilities: { elicitation: {} } });
    client.setRequestHandler(ElicitRequestSchema, async () => ({ action: 'decline' }));
    try {
      const before = upstream.calls.length;
      const result = await client.callTool({ name: 'INVENTORY_CREATE_ITEM', arguments: { name: 'declined lamp' } });
      expect(result.isError).toBe(true);
      expect((result.structuredContent as any).error).toMatch(/not approved/);
      expect(upstream.calls.length).toBe(before);
    } finally {
      await client.close();
    }
  });

  it('answers with an approval request when the client cannot elicit', async () => {
    const id = await session(askEveryCall);
    const { client } = await connectClient(url(id), { headers: { 'x-api-key': key } });
    try {
      const before = upstream.calls.length;
      const result = await client.callTool({ name: 'INVENTORY_CREATE_ITEM', arguments: { name: 'pending lamp' } });
      expect(result.isError).toBe(true);
      expect((result.structuredContent as any).data).toMatchObject({ approval_required: true, approval_id: expect.stringMatching(/^apr_/) });
      expect(upstream.calls.length).toBe(before);
    } finally {
      await client.close();
    }
  });

  it('completes the round trip when the answer reaches the other instance', async () => {
    const id = await session(askEveryCall);
    // Everything goes to instance 0, except the client's answers, which go to instance 1.
    const answeredOn: number[] = [];
    const split: typeof fetch = (input, init) => {
      const body = typeof init?.body === 'string' ? (JSON.parse(init.body) as Record<string, unknown>) : undefined;
      const n = body && !('method' in body) && ('result' in body || 'error' in body) ? 1 : 0;
      if (n === 1) answeredOn.push(n);
      const target = new URL(String(input instanceof Request ? input.url : input));
      return fetch(`${servers[n]!.url}${target.pathname}${target.search}`, init);
    };
    const { client } = await connectClient(url(id), { headers: { 'x-api-key': key }, capabilities: { elicitation: {} }, fetch: split });
    client.setRequestHandler(ElicitRequestSchema, async () => ({ action: 'accept', content: { approve: true } }));
    try {
      const result = await client.callTool({ name: 'INVENTORY_CREATE_ITEM', arguments: { name: 'relayed lamp' } });
      expect(result.isError).toBe(false);
      expect(answeredOn).toEqual([1]);
    } finally {
      await client.close();
    }
  });
});
