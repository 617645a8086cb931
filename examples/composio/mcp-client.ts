/**
 * Any MCP client can use a session: here the official MCP TypeScript SDK on `session.mcp`.
 *   TOOLROUTER_API_KEY=trk_… npx tsx examples/composio/mcp-client.ts
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { composioFor, type ExampleEnv, runIfMain } from './env.js';

export async function main(env: ExampleEnv) {
  const session = await composioFor(env).create('dave', { toolkits: ['github'], mcp: true });

  // `session.mcp` carries the URL and the header to send.
  const transport = new StreamableHTTPClientTransport(new URL(session.mcp.url), { requestInit: { headers: session.mcp.headers } });
  const client = new Client({ name: 'example', version: '1.0.0' });
  await client.connect(transport);
  try {
    const { tools } = await client.listTools();
    env.log('MCP tools:', tools.map((t) => t.name).join(', '));

    const result = await client.callTool({
      name: 'COMPOSIO_SEARCH_TOOLS',
      arguments: { queries: [{ use_case: 'list the open pull requests of a github repository' }], session: { generate_id: true } },
    });
    const envelope = result.structuredContent as { successful: boolean; data: { results: Array<{ primary_tool_slugs: string[] }> } };
    const primary = envelope.data.results[0]?.primary_tool_slugs ?? [];
    env.log('search over MCP found:', primary.join(', '));
    return { toolNames: tools.map((t) => t.name), successful: envelope.successful, primary };
  } finally {
    await client.close();
  }
}

runIfMain(import.meta.url, main);
