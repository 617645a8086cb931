/**
 * Quickstart: one session per end user, the tools an agent gets, and a search.
 *   TOOLROUTER_API_KEY=trk_… npx tsx examples/composio/quickstart.ts
 */
import { composioFor, type ExampleEnv, runIfMain } from './env.js';

export async function main(env: ExampleEnv) {
  const composio = composioFor(env);

  // A session decides what the agent may use on behalf of this user.
  const session = await composio.create('alice', { toolkits: ['github', 'hackernews'], mcp: true });
  env.log(`session ${session.sessionId}`);
  env.log(`MCP server for any MCP client: ${session.mcp.url}`);

  // Instead of hundreds of schemas, the agent gets a handful of meta-tools (OpenAI format here).
  const tools = await session.tools();
  const toolNames = tools.map((t) => (t as { function: { name: string } }).function.name);
  env.log('tools:', toolNames.join(', '));

  // What the agent does first: describe the task, get the right tools with their schemas.
  const found = await session.search({ query: 'get the top stories on hacker news' });
  const primary = found.results[0]?.primaryToolSlugs ?? [];
  env.log('best tools for the task:', primary.join(', '));

  return { sessionId: session.sessionId, mcpUrl: session.mcp.url, toolNames, primary };
}

runIfMain(import.meta.url, main);
