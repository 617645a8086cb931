import { ClassicProxySchema, ClassicToolExecuteSchema } from '@toolrouter/core';
import { Hono } from 'hono';
import type { ClassicToolService } from '../../execution/classic-tools.js';
import type { AppEnv } from '../env.js';
import { readBody } from '../validate.js';

/**
 * The classic (session-less) execute routes. Registered before the catalog's `/tools/:slug` so
 * `proxy` is never read as a tool slug. The official client sends both without retries; a failed
 * call is marked not to be retried anyway, since a tool may have acted before failing.
 */
export function classicToolRoutes(classic: ClassicToolService) {
  const app = new Hono<AppEnv>();

  app.post('/tools/execute/proxy', async (c) => {
    const body = await readBody(c, ClassicProxySchema);
    c.header('x-should-retry', 'false');
    return c.json(await classic.proxy(c.get('project').id, body));
  });

  app.post('/tools/execute/:slug', async (c) => {
    const body = await readBody(c, ClassicToolExecuteSchema);
    c.header('x-should-retry', 'false');
    return c.json(await classic.execute(c.get('project').id, c.req.param('slug'), body));
  });

  return app;
}
