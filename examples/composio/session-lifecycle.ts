/**
 * A session over its life: reuse it by id in a later request, change it, page through its
 * toolkits, delete it.
 *   TOOLROUTER_API_KEY=trk_… npx tsx examples/composio/session-lifecycle.ts
 */
import { composioFor, type ExampleEnv, runIfMain } from './env.js';

export async function main(env: ExampleEnv) {
  const composio = composioFor(env);
  const created = await composio.create('carol', { toolkits: ['github', 'gmail', 'slack'] });

  // Stateless web apps keep only the id and pick the session up again on the next request.
  const session = await composio.use(created.sessionId);

  // Change only what you name; the config version moves on and open MCP clients are told.
  await session.update({ toolkits: ['github', 'gmail', 'slack', 'notion'], preload: { tools: ['GITHUB_CREATE_AN_ISSUE'] } });
  env.log(`config version ${session.configVersion}`);

  // Toolkits with their connection state, two per page.
  const toolkits: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await session.toolkits({ limit: 2, ...(cursor ? { cursor } : {}) });
    for (const item of page.items) {
      toolkits.push(item.slug);
      env.log(`${item.slug}: ${item.connection?.isActive ? 'connected' : 'not connected'}`);
    }
    cursor = page.cursor;
  } while (cursor);

  const deleted = await session.delete();
  env.log(`deleted ${deleted.sessionId}`);
  return { configVersion: session.configVersion, toolkits, deleted: deleted.deleted };
}

runIfMain(import.meta.url, main);
