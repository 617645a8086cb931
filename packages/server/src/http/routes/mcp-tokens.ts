import { McpTokenCreateSchema } from '@toolrouter/core';
import { type Context, Hono } from 'hono';
import type { McpTokenService } from '../../mcp/mcp-tokens.js';
import type { McpTokenRow } from '../../store/store.js';
import type { AppEnv } from '../env.js';
import { wholeList } from '../pagination.js';
import { readBody } from '../validate.js';

export interface McpTokenRouteDeps {
  mcpTokens: McpTokenService;
  publicUrl: string | undefined;
}

const render = (row: McpTokenRow) => ({
  id: row.id,
  name: row.name,
  prefix: row.prefix,
  created_at: row.created_at,
  expires_at: row.expires_at,
  revoked_at: row.revoked_at,
});

/** `/tool_router/session/{id}/mcp_tokens`: URL tokens for MCP clients that cannot send headers. */
export function mcpTokenRoutes(deps: McpTokenRouteDeps) {
  const app = new Hono<AppEnv>();
  const origin = (c: Context) => deps.publicUrl ?? new URL(c.req.url).origin;
  const project = (c: Context<AppEnv>) => c.get('project').id;

  app.post('/:id/mcp_tokens', async (c) => {
    const body = await readBody(c, McpTokenCreateSchema);
    const id = c.req.param('id');
    const { token, row } = await deps.mcpTokens.issue(project(c), id, { apiKeyId: c.get('apiKeyId'), name: body.name, expiresIn: body.expires_in });
    const url = `${origin(c)}/tool_router/${id}/mcp?token=${encodeURIComponent(token)}`;
    return c.json({ ...render(row), token, url }, 201);
  });

  app.get('/:id/mcp_tokens', async (c) => {
    const rows = await deps.mcpTokens.list(project(c), c.req.param('id'));
    return c.json(wholeList(rows.map(render)));
  });

  app.delete('/:id/mcp_tokens/:tokenId', async (c) => {
    await deps.mcpTokens.revoke(project(c), c.req.param('id'), c.req.param('tokenId'));
    return c.json({ id: c.req.param('tokenId'), revoked: true as const });
  });

  return app;
}
