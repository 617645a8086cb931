/**
 * Tools that live in your application: the router indexes them for search, the client runs them
 * in your process — on their own and inside COMPOSIO_MULTI_EXECUTE_TOOL (Vercel AI SDK provider).
 *   TOOLROUTER_API_KEY=trk_… npx tsx examples/composio/custom-tools.ts
 */
import { experimental_createTool } from '@composio/core';
import { VercelProvider } from '@composio/vercel';
import { z } from 'zod';
import { composioFor, type ExampleEnv, runIfMain } from './env.js';

const stock: Record<string, number> = { 'SKU-42': 7, 'SKU-7': 0 };

const lookupStock = experimental_createTool('LOOKUP_STOCK', {
  name: 'Look up warehouse stock',
  description: 'Returns how many units of a product SKU are in stock in the company warehouse.',
  inputParams: z.object({ sku: z.string().describe('Product SKU, e.g. "SKU-42"') }),
  execute: async ({ sku }) => ({ sku, units: stock[sku] ?? 0 }),
});

export async function main(env: ExampleEnv) {
  const composio = composioFor(env, new VercelProvider());
  const session = await composio.create('erin', { toolkits: ['github'], experimental: { customTools: [lookupStock] } });
  env.log(
    'custom tools:',
    session
      .customTools()
      .map((t) => t.slug)
      .join(', '),
  );

  // The router's search finds your tool next to the catalog's.
  const found = await session.search({ query: 'how many units of a product are in the warehouse' });
  const primary = found.results[0]?.primaryToolSlugs ?? [];
  env.log('search found:', primary.join(', '));

  // Run directly: executed here, in this process.
  const direct = await session.execute('LOCAL_LOOKUP_STOCK', { sku: 'SKU-42' });
  env.log('direct:', JSON.stringify(direct.data));

  // Through the agent's multi-execute tool, as the AI SDK calls it when the model asks.
  const tools = (await session.tools()) as Record<string, { execute: (args: unknown, options: unknown) => Promise<any> }>;
  const batch = await tools.COMPOSIO_MULTI_EXECUTE_TOOL!.execute(
    {
      tools: [
        { tool_slug: 'LOCAL_LOOKUP_STOCK', arguments: { sku: 'SKU-42' } },
        { tool_slug: 'LOCAL_LOOKUP_STOCK', arguments: { sku: 'SKU-7' } },
      ],
      sync_response_to_workbench: false,
    },
    { toolCallId: 'call_1', messages: [] },
  );
  const units = batch.data.results.map((r: { response: { data: { units: number } } }) => r.response.data.units);
  env.log('multi-execute:', units.join(', '));
  return { primary, direct: direct.data, units };
}

runIfMain(import.meta.url, main);
