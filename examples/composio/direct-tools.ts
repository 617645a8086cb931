/**
 * Direct tools: skip the meta-tools and hand the model every allowed tool of a small toolkit.
 *   TOOLROUTER_API_KEY=trk_… npx tsx examples/composio/direct-tools.ts
 */
import { SessionPreset } from '@composio/core';
import { composioFor, type ExampleEnv, runIfMain } from './env.js';

export async function main(env: ExampleEnv) {
  const composio = composioFor(env);
  const session = await composio.create('bob', { toolkits: ['hackernews'], sessionPreset: SessionPreset.DIRECT_TOOLS });
  const tools = await session.tools();
  const toolNames = tools.map((t) => (t as { function: { name: string } }).function.name);
  env.log(`${toolNames.length} tools, no search step needed:`, toolNames.join(', '));
  return { toolNames };
}

runIfMain(import.meta.url, main);
