import { type SessionExecute, SessionExecuteMetaSchema, SessionExecuteSchema, SessionSearchSchema } from '@toolrouter/core';
import { type Context, Hono } from 'hono';
import type { ConnectionStatusSource } from '../../connections/connection-status.js';
import type { ExecutionService } from '../../execution/execution-service.js';
import { searchResponseBody } from '../../search/response-json.js';
import type { SearchService } from '../../search/search-service.js';
import { searchSession } from '../../search/session-search.js';
import type { SessionService } from '../../sessions/session-service.js';
import type { Store } from '../../store/store.js';
import type { AppEnv } from '../env.js';
import { readBody } from '../validate.js';

export interface SessionActionDeps {
  sessions: SessionService;
  search: SearchService;
  execution: ExecutionService;
  store: Store;
  connections: ConnectionStatusSource;
  now: () => Date;
}

/** Search and execute inside a session: `/tool_router/session/{id}/search|execute|execute_meta`. */
export function sessionActionRoutes(deps: SessionActionDeps) {
  const app = new Hono<AppEnv>();
  const project = (c: Context<AppEnv>) => c.get('project').id;

  app.post('/:id/search', async (c) => {
    const body = await readBody(c, SessionSearchSchema);
    const { row, view } = await deps.sessions.loadForCall(project(c), c.req.param('id'));
    const {
      log_id: _logId,
      timings: _timings,
      ...output
    } = await searchSession(deps, {
      projectId: project(c),
      session: row,
      view,
      queries: body.queries,
      toolkits: body.toolkits,
      customs: body.experimental,
      workflow: { id: row.id, generated: false },
    });
    // The bytes c.json(output) would send, with the input schemas' JSON remembered per schema (search/response-json.ts).
    return c.body(searchResponseBody(output), undefined, { 'Content-Type': 'application/json' });
  });

  /**
   * The reference client retries failed session executions (5xx, 429, …). A retry of a tool that
   * changes something could do it twice, so every failure of such a tool says `x-should-retry: false`.
   */
  const execute = async (c: Context<AppEnv>, request: SessionExecute) => {
    try {
      const result = await deps.execution.execute(project(c), c.req.param('id') ?? '', request, { origin: c.get('origin') });
      if (result.error !== null && !(await deps.execution.isRetrySafe(project(c), request.tool_slug))) c.header('x-should-retry', 'false');
      return c.json(result);
    } catch (error) {
      const safe = await deps.execution.isRetrySafe(project(c), request.tool_slug).catch(() => false);
      if (!safe) c.header('x-should-retry', 'false');
      throw error;
    }
  };

  app.post('/:id/execute', async (c) => execute(c, await readBody(c, SessionExecuteSchema)));

  app.post('/:id/execute_meta', async (c) => {
    const body = await readBody(c, SessionExecuteMetaSchema);
    return execute(c, { tool_slug: body.slug, arguments: body.arguments, ...(body.experimental ? { experimental: body.experimental } : {}) });
  });

  return app;
}
