import { SessionExecuteMetaSchema, SessionExecuteSchema, SessionSearchSchema } from '@toolrouter/core';
import { Hono, type Context } from 'hono';
import type { ConnectionStatusSource } from '../../connections/connection-status.js';
import type { ExecutionService } from '../../execution/execution-service.js';
import { searchSession } from '../../search/session-search.js';
import type { SearchService } from '../../search/search-service.js';
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
    const { row, view } = await deps.sessions.load(project(c), c.req.param('id'));
    const { log_id: _logId, timings: _timings, ...output } = await searchSession(deps, {
      projectId: project(c),
      session: row,
      view,
      queries: body.queries,
      toolkits: body.toolkits,
      customs: body.experimental,
      workflow: { id: row.id, generated: false },
    });
    return c.json(output);
  });

  app.post('/:id/execute', async (c) => {
    const body = await readBody(c, SessionExecuteSchema);
    return c.json(await deps.execution.execute(project(c), c.req.param('id'), body));
  });

  app.post('/:id/execute_meta', async (c) => {
    const body = await readBody(c, SessionExecuteMetaSchema);
    const request = { tool_slug: body.slug, arguments: body.arguments, ...(body.experimental ? { experimental: body.experimental } : {}) };
    return c.json(await deps.execution.execute(project(c), c.req.param('id'), request));
  });

  return app;
}
