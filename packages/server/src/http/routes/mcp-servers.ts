import { McpServerCreateSchema } from '@toolrouter/core';
import { type Context, Hono } from 'hono';
import type { McpServerService } from '../../upstream-mcp/mcp-server-service.js';
import type { AppEnv } from '../env.js';
import { wholeList } from '../pagination.js';
import { readBody } from '../validate.js';

/** `/mcp_servers`: upstream MCP servers whose tools join the project's catalog as a toolkit. */
export function mcpServerRoutes(servers: McpServerService) {
  const app = new Hono<AppEnv>();
  const project = (c: Context<AppEnv>) => c.get('project').id;

  app.post('/mcp_servers', async (c) => {
    const body = await readBody(c, McpServerCreateSchema);
    return c.json(await servers.register(project(c), body, { fromOperator: false }), 201);
  });
  app.get('/mcp_servers', async (c) => {
    const items = await servers.list(project(c));
    return c.json(wholeList(items));
  });
  app.get('/mcp_servers/:slug', async (c) => {
    const [item] = (await servers.list(project(c))).filter((s) => s.slug === c.req.param('slug'));
    return c.json(item ?? servers.render(await servers.get(project(c), c.req.param('slug'))));
  });
  app.post('/mcp_servers/:slug/refresh', async (c) => c.json(await servers.refresh(project(c), c.req.param('slug'))));
  app.delete('/mcp_servers/:slug', async (c) => {
    await servers.delete(project(c), c.req.param('slug'));
    return c.json({ slug: c.req.param('slug'), deleted: true });
  });
  return app;
}
