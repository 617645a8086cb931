import {
  ConnectedAccountInitiateSchema,
  ConnectedAccountLinkSchema,
  ConnectedAccountListQuerySchema,
  ConnectedAccountPatchSchema,
  ConnectedAccountStatusSchema,
  SessionLinkSchema,
} from '@toolrouter/core';
import { type Context, Hono } from 'hono';
import type { ConnectionService } from '../../connections/connection-service.js';
import type { SessionService } from '../../sessions/session-service.js';
import type { AppEnv } from '../env.js';
import { decodeCursor, limitFrom, pageOf } from '../pagination.js';
import { readBody, readQuery } from '../validate.js';

export interface ConnectedAccountRouteDeps {
  accounts: ConnectionService;
  sessions: SessionService;
  publicUrl: string | undefined;
}

const origin = (c: Context, publicUrl: string | undefined) => publicUrl ?? new URL(c.req.url).origin;

/** `/connected_accounts`: the project's end-user accounts. Responses carry masked values only. */
export function connectedAccountRoutes(deps: ConnectedAccountRouteDeps) {
  const app = new Hono<AppEnv>();
  const project = (c: Context<AppEnv>) => c.get('project').id;

  app.get('/', async (c) => {
    const q = readQuery(c, ConnectedAccountListQuerySchema);
    const limit = limitFrom(q.limit, 20, 100);
    const offset = decodeCursor(q.cursor);
    const { items, total } = await deps.accounts.list(project(c), {
      ...(q.user_ids ? { userIds: q.user_ids } : {}),
      ...(q.toolkit_slugs ? { toolkits: q.toolkit_slugs.map((s) => s.toLowerCase()) } : {}),
      ...(q.auth_config_ids ? { authConfigIds: q.auth_config_ids } : {}),
      ...(q.statuses ? { statuses: q.statuses } : {}),
      ...(q.connected_account_ids ? { ids: q.connected_account_ids } : {}),
      ...(q.order_by ? { orderBy: q.order_by } : {}),
      ...(q.order_direction ? { direction: q.order_direction } : {}),
      offset,
      limit,
    });
    return c.json(pageOf(await deps.accounts.renderMany(project(c), items), total, offset, limit));
  });

  app.post('/link', async (c) => {
    const body = await readBody(c, ConnectedAccountLinkSchema);
    const link = await deps.accounts.linkForUser(project(c), {
      authConfigId: body.auth_config_id,
      userId: body.user_id,
      callbackUrl: body.callback_url,
      alias: body.alias,
      origin: origin(c, deps.publicUrl),
    });
    return c.json(link, 201);
  });

  // The older initiate call: the same link, answered in the shape older clients read.
  app.post('/', async (c) => {
    const body = await readBody(c, ConnectedAccountInitiateSchema);
    const link = await deps.accounts.linkForUser(project(c), {
      authConfigId: body.auth_config.id,
      userId: body.connection.user_id,
      callbackUrl: body.connection.callback_url,
      alias: body.connection.alias,
      origin: origin(c, deps.publicUrl),
      // Tenant values (a Zendesk subdomain, a Shopify shop) as the reference's clients send them.
      tenantInput: tenantInputOf(body.connection),
    });
    const account = await deps.accounts.get(project(c), link.connected_account_id);
    const rendered = await deps.accounts.render(account);
    return c.json(
      {
        id: link.connected_account_id,
        status: account.status,
        redirect_url: link.redirect_url,
        redirect_uri: link.redirect_url,
        connectionData: { authScheme: rendered.auth_config.auth_scheme, val: { status: account.status, redirectUrl: link.redirect_url } },
      },
      201,
    );
  });

  app.get('/:id', async (c) => c.json(await deps.accounts.render(await deps.accounts.get(project(c), c.req.param('id')))));

  app.get('/:id/events', async (c) => {
    const account = await deps.accounts.get(project(c), c.req.param('id'));
    const events = await deps.accounts.events(project(c), account.id);
    return c.json({ items: events.map(({ project_id: _p, ...e }) => e) });
  });

  app.delete('/:id', async (c) => {
    await deps.accounts.delete(project(c), c.req.param('id'));
    return c.json({ success: true });
  });

  app.patch('/:id', async (c) => {
    const body = await readBody(c, ConnectedAccountPatchSchema);
    const updated = await deps.accounts.patch(project(c), c.req.param('id'), body.alias !== undefined ? { alias: body.alias } : {});
    return c.json({ id: updated.id, status: updated.status, success: true, alias: updated.alias });
  });

  app.patch('/:id/status', async (c) => {
    const body = await readBody(c, ConnectedAccountStatusSchema);
    await deps.accounts.patch(project(c), c.req.param('id'), { is_disabled: !body.enabled });
    return c.json({ success: true });
  });

  app.post('/:id/refresh', async (c) => {
    return c.json(await deps.accounts.refreshAccount(project(c), c.req.param('id'), origin(c, deps.publicUrl)));
  });

  return app;
}

/** `POST /tool_router/session/{id}/link`: a Connect Link for the session's user. */
export function sessionLinkRoutes(deps: ConnectedAccountRouteDeps) {
  const app = new Hono<AppEnv>();
  app.post('/:id/link', async (c) => {
    const body = await readBody(c, SessionLinkSchema);
    const projectId = c.get('project').id;
    const { row } = await deps.sessions.load(projectId, c.req.param('id'));
    const link = await deps.accounts.linkForSession(projectId, row, body.toolkit.trim().toLowerCase(), {
      origin: origin(c, deps.publicUrl),
      callbackUrl: body.callback_url,
      alias: body.alias,
    });
    const base = row.config.experimental?.link_url_overwrite?.replace(/\/+$/, '');
    return c.json(
      {
        link_token: link.link_token,
        redirect_url: base ? `${base}/link/${link.link_token}` : link.redirect_url,
        connected_account_id: link.connected_account_id,
        expires_at: link.expires_at,
        experimental: { account_type: 'PRIVATE' },
      },
      201,
    );
  });
  return app;
}

/**
 * Where the reference's clients put the values a connection is initiated with: `connection.state.val`
 * (`AuthScheme.APIKey({ subdomain, ... })` in its SDK) or `connection.data`. Only the tenant fields
 * the toolkit declares are taken from them (see connections/tenant.ts); the Connect Link page asks
 * for any that are missing.
 */
function tenantInputOf(connection: { state?: unknown; data?: unknown }): { values: Record<string, unknown>; at: string } | undefined {
  const asObject = (v: unknown) => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined);
  const val = asObject(asObject(connection.state)?.['val']);
  if (val) return { values: val, at: 'connection.state.val.' };
  const data = asObject(connection.data);
  return data ? { values: data, at: 'connection.data.' } : undefined;
}
