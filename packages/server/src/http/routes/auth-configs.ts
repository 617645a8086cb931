import { AuthConfigCreateSchema, AuthConfigListQuerySchema, AuthConfigUpdateSchema } from '@toolrouter/core';
import { type Context, Hono } from 'hono';
import type { CatalogService } from '../../catalog/catalog-service.js';
import type { AuthConfigService } from '../../connections/auth-config-service.js';
import type { Store } from '../../store/store.js';
import type { AppEnv } from '../env.js';
import { decodeCursor, limitFrom, pageOf } from '../pagination.js';
import { readBody, readQuery } from '../validate.js';

export interface AuthConfigRouteDeps {
  authConfigs: AuthConfigService;
  catalog: CatalogService;
  store: Store;
}

/** `/auth_configs`: how the project connects each toolkit. Secrets are accepted, never returned. */
export function authConfigRoutes(deps: AuthConfigRouteDeps) {
  const app = new Hono<AppEnv>();
  const project = (c: Context<AppEnv>) => c.get('project').id;

  const render = async (projectId: string, rows: Awaited<ReturnType<AuthConfigService['get']>>[], origin: string) => {
    const [counts, view] = await Promise.all([
      deps.store.authConfigs.accountCounts(
        projectId,
        rows.map((r) => r.id),
      ),
      deps.catalog.view(projectId),
    ]);
    return rows.map((r) => deps.authConfigs.render(r, counts.get(r.id) ?? 0, view.toolkit(r.toolkit_slug)?.toolkit, origin));
  };

  app.post('/', async (c) => {
    const body = await readBody(c, AuthConfigCreateSchema);
    const row = await deps.authConfigs.create(project(c), body);
    const [full] = await render(project(c), [row], c.get('origin'));
    return c.json(
      {
        toolkit: { slug: row.toolkit_slug },
        auth_config: {
          id: row.id,
          auth_scheme: row.auth_scheme,
          is_composio_managed: row.is_managed,
          restrict_to_following_tools: full!.restrict_to_following_tools,
        },
        ...full,
      },
      201,
    );
  });

  app.get('/', async (c) => {
    const q = readQuery(c, AuthConfigListQuerySchema);
    const limit = limitFrom(q.limit, 20, 100);
    const offset = decodeCursor(q.cursor);
    const { items, total } = await deps.store.authConfigs.list(project(c), {
      ...(q.toolkit_slug ? { toolkit: q.toolkit_slug } : {}),
      ...(q.is_composio_managed ? { managed: q.is_composio_managed === 'true' } : {}),
      showDisabled: q.show_disabled === 'true',
      offset,
      limit,
    });
    const needle = q.search?.toLowerCase();
    const shown = needle ? items.filter((r) => r.name.toLowerCase().includes(needle) || r.toolkit_slug.includes(needle)) : items;
    return c.json(pageOf(await render(project(c), shown, c.get('origin')), total, offset, limit));
  });

  app.get('/:id', async (c) => {
    const [item] = await render(project(c), [await deps.authConfigs.get(project(c), c.req.param('id'))], c.get('origin'));
    return c.json(item);
  });

  app.patch('/:id', async (c) => {
    const body = await readBody(c, AuthConfigUpdateSchema);
    const [item] = await render(project(c), [await deps.authConfigs.update(project(c), c.req.param('id'), body)], c.get('origin'));
    return c.json(item);
  });

  app.patch('/:id/:status{ENABLED|DISABLED}', async (c) => {
    await deps.authConfigs.setStatus(project(c), c.req.param('id'), c.req.param('status') as 'ENABLED' | 'DISABLED');
    return c.json({ success: true });
  });

  app.delete('/:id', async (c) => {
    await deps.authConfigs.delete(project(c), c.req.param('id'));
    return c.json({ success: true });
  });

  return app;
}
