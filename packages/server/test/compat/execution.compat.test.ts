import { experimental_createTool, OpenAIProvider } from '@composio/core';
import { VercelProvider } from '@composio/vercel';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { useInventoryServer } from './inventory-upstream.js';
import { completionCalling } from './scripted-model.js';

/**
 * Running tools with the official client: a catalog tool backed by a local upstream, tool calls
 * of a scripted model (search, then multi-execute), proxy execution, and multi-execute mixing
 * in-process custom tools with server-side ones.
 */
const env = useInventoryServer();

describe('@composio/core: executing tools', () => {
  it('session.execute(slug, args) on a catalog tool backed by a local upstream', async () => {
    const session = await env.server.composio().create('user-1', { toolkits: ['inventory'] });
    const before = env.upstream.calls.length;
    const result = await session.execute('INVENTORY_GET_ITEM', { id: '42' });
    expect(result.error).toBeNull();
    expect(result.data).toMatchObject({ id: '42', name: 'bulb', units: 7 });
    expect(result.logId).toMatch(/^log_/);
    expect(env.upstream.calls.slice(before)).toEqual([{ method: 'GET', path: '/items/42', body: null }]);
  });

  it('provider.handleToolCalls on a scripted search, then a scripted multi-execute', async () => {
    const provider = new OpenAIProvider();
    const session = await env.server.composio(provider).create('user-1', { toolkits: ['inventory'] });
    const searched = await provider.handleToolCalls(
      session,
      completionCalling([
        { name: 'COMPOSIO_SEARCH_TOOLS', args: { queries: [{ use_case: 'add a new item to the inventory' }], session: { generate_id: true } } },
      ]),
    );
    const search = JSON.parse(String(searched[0]!.content));
    expect(search.successful).toBe(true);
    expect(search.data.results[0].primary_tool_slugs).toContain('INVENTORY_CREATE_ITEM');

    const executed = await provider.handleToolCalls(
      session,
      completionCalling([
        {
          name: 'COMPOSIO_MULTI_EXECUTE_TOOL',
          args: {
            tools: [
              { tool_slug: 'INVENTORY_CREATE_ITEM', arguments: { name: 'lamp', units: 3 } },
              { tool_slug: 'INVENTORY_GET_ITEM', arguments: { id: '42' } },
            ],
            sync_response_to_workbench: false,
            session_id: search.data.session.id,
          },
        },
      ]),
    );
    const multi = JSON.parse(String(executed[0]!.content));
    expect(multi.successful).toBe(true);
    expect(multi.data).toMatchObject({ total_count: 2, success_count: 2, error_count: 0 });
    expect(multi.data.results.map((r: any) => r.response.data.name)).toEqual(['lamp', 'bulb']);
  });

  it("session.proxyExecute(...) against the toolkit's API", async () => {
    const session = await env.server.composio().create('user-1', { toolkits: ['inventory'] });
    const result = await session.proxyExecute({
      toolkit: 'inventory',
      endpoint: '/stats',
      method: 'GET',
      parameters: [{ in: 'query', name: 'detail', value: 'full' }],
    });
    expect(result.status).toBe(200);
    expect(result.data).toMatchObject({ query: { detail: 'full' } });
  });

  it('multi-execute mixes in-process custom tools and server tools (Vercel AI provider)', async () => {
    const calls: string[] = [];
    const local = experimental_createTool('RESERVE', {
      name: 'Reserve stock',
      description: 'Reserves units of an item for an order.',
      inputParams: z.object({ id: z.string(), units: z.number() }),
      execute: async ({ id, units }) => {
        calls.push(`${id}x${units}`);
        return { reserved: units };
      },
    });
    const session = await env.server.composio(new VercelProvider()).create('user-1', { toolkits: ['inventory'], experimental: { customTools: [local] } });
    const tools = (await session.tools()) as Record<string, { execute: (args: unknown, options: unknown) => Promise<any> }>;
    const output = await tools.COMPOSIO_MULTI_EXECUTE_TOOL!.execute(
      {
        tools: [
          { tool_slug: 'INVENTORY_GET_ITEM', arguments: { id: '42' } },
          { tool_slug: 'LOCAL_RESERVE', arguments: { id: '42', units: 2 } },
          { tool_slug: 'INVENTORY_GET_ITEM', arguments: { id: 'missing' } },
        ],
        sync_response_to_workbench: false,
      },
      { toolCallId: 'call_1', messages: [] },
    );
    expect(calls).toEqual(['42x2']);
    expect(output.data.results.map((r: any) => r.tool_slug)).toEqual(['INVENTORY_GET_ITEM', 'LOCAL_RESERVE', 'INVENTORY_GET_ITEM']);
    expect(output.data.results[0].response.data).toMatchObject({ units: 7 });
    expect(output.data.results[1].response.data).toEqual({ reserved: 2 });
    expect(output.data.results[2].error).toMatch(/404/);
    expect(output.error).toBe('1 out of 3 tools failed');
  });
});
