import { CustomToolkitRegisterSchema } from '@toolrouter/core';
import { type Context, Hono } from 'hono';
import type { CustomToolkitService } from '../../execution/webhooks/custom-toolkit-service.js';
import type { WebhookSecrets } from '../../execution/webhooks/webhook-secret.js';
import type { AppEnv } from '../env.js';
import { wholeList } from '../pagination.js';
import { readBody } from '../validate.js';

/** `/custom_toolkits`: a project's own tools, executed by the server through signed webhooks. */
export function customToolkitRoutes(toolkits: CustomToolkitService, secrets: WebhookSecrets) {
  const app = new Hono<AppEnv>();
  const project = (c: Context<AppEnv>) => c.get('project').id;
  app.post('/custom_toolkits/webhook_secret/rotate', async (c) => c.json({ webhook_secret: await secrets.rotate(project(c)) }));
  app.put('/custom_toolkits/:slug', async (c) => c.json(await toolkits.put(project(c), c.req.param('slug'), await readBody(c, CustomToolkitRegisterSchema))));
  app.get('/custom_toolkits', async (c) => {
    const items = await toolkits.list(project(c));
    return c.json(wholeList(items));
  });
  app.delete('/custom_toolkits/:slug', async (c) => {
    await toolkits.delete(project(c), c.req.param('slug'));
    return c.json({ slug: c.req.param('slug'), deleted: true });
  });
  return app;
}
