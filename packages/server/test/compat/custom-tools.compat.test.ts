import { experimental_createTool, experimental_createToolkit } from '@composio/core';
import { VercelProvider } from '@composio/vercel';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type CompatServer, startCompatServer } from './composio-server.js';

/**
 * Custom tools that live in the application: registered on create, found by the server's search,
 * and executed in the application's process by the official client (directly, and inside
 * COMPOSIO_MULTI_EXECUTE_TOOL through an agentic provider).
 */
let server: CompatServer;
beforeAll(async () => {
  server = await startCompatServer();
});
afterAll(async () => {
  await server?.close();
});

/** Records its calls, so a test can prove the code ran here and not on the server. */
function inventoryTool(calls: string[]) {
  return experimental_createTool('LOOKUP_STOCK', {
    name: 'Look up warehouse stock',
    description: 'Returns how many units of a product SKU are in stock in the company warehouse.',
    inputParams: z.object({ sku: z.string().describe('Product SKU, e.g. "SKU-42"') }),
    execute: async ({ sku }) => {
      calls.push(sku);
      return { sku, units: sku === 'SKU-42' ? 7 : 0 };
    },
  });
}

describe('@composio/core: custom tools', () => {
  it('registers an experimental_createTool tool on create and echoes its final slug', async () => {
    const calls: string[] = [];
    const session = await server.composio().create('user-1', { toolkits: ['github'], experimental: { customTools: [inventoryTool(calls)] } });
    expect(session.customTools().map((t) => t.slug)).toEqual(['LOCAL_LOOKUP_STOCK']);
  });

  it("finds it with the server's search", async () => {
    const session = await server.composio().create('user-1', { toolkits: ['github'], experimental: { customTools: [inventoryTool([])] } });
    const result = await session.search({ query: 'how many units of a product are in stock in the warehouse' });
    expect(result.results[0]!.primaryToolSlugs).toContain('LOCAL_LOOKUP_STOCK');
    expect(result.toolSchemas.LOCAL_LOOKUP_STOCK).toBeDefined();
  });

  it('runs it in-process through session.execute', async () => {
    const calls: string[] = [];
    const session = await server.composio().create('user-1', { toolkits: ['github'], experimental: { customTools: [inventoryTool(calls)] } });
    const result = await session.execute('LOCAL_LOOKUP_STOCK', { sku: 'SKU-42' });
    expect(result.error).toBeNull();
    expect(result.data).toEqual({ sku: 'SKU-42', units: 7 });
    expect(calls).toEqual(['SKU-42']);
  });

  it('routes it locally inside COMPOSIO_MULTI_EXECUTE_TOOL through the Vercel AI provider', async () => {
    const calls: string[] = [];
    const toolkit = experimental_createToolkit('WAREHOUSE', {
      name: 'Warehouse',
      description: 'Company warehouse utilities',
      tools: [
        experimental_createTool('COUNT_PALLETS', {
          name: 'Count pallets',
          description: 'Counts pallets in an aisle',
          inputParams: z.object({ aisle: z.number() }),
          execute: async ({ aisle }) => {
            calls.push(`aisle ${aisle}`);
            return { pallets: aisle * 2 };
          },
        }),
      ],
    });
    const composio = server.composio(new VercelProvider());
    const session = await composio.create('user-1', { toolkits: ['github'], experimental: { customTools: [inventoryTool(calls)], customToolkits: [toolkit] } });
    const tools = (await session.tools()) as Record<string, { execute: (args: unknown, options: unknown) => Promise<any> }>;
    expect(Object.keys(tools)).toContain('COMPOSIO_MULTI_EXECUTE_TOOL');
    // What the AI SDK does when the model calls the tool.
    const output = await tools.COMPOSIO_MULTI_EXECUTE_TOOL!.execute(
      {
        tools: [
          { tool_slug: 'LOCAL_LOOKUP_STOCK', arguments: { sku: 'SKU-42' } },
          { tool_slug: 'LOCAL_WAREHOUSE_COUNT_PALLETS', arguments: { aisle: 3 } },
        ],
        sync_response_to_workbench: false,
      },
      { toolCallId: 'call_1', messages: [] },
    );
    expect(calls.sort()).toEqual(['SKU-42', 'aisle 3']);
    expect(output.successful).toBe(true);
    expect(output.data.results.map((r: any) => [r.tool_slug, r.response.data])).toEqual([
      ['LOCAL_LOOKUP_STOCK', { sku: 'SKU-42', units: 7 }],
      ['LOCAL_WAREHOUSE_COUNT_PALLETS', { pallets: 6 }],
    ]);
  });
});
