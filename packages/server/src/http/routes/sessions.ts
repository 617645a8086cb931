import { PaginationQuerySchema, SessionAttachSchema, SessionCreateSchema, SessionPatchSchema, ToolRouterError } from '@toolrouter/core';
import { type Context, Hono } from 'hono';
import type { Logger } from 'pino';
import { z } from 'zod';
import { logoOf } from '../../catalog/tool-item.js';
import type { ConnectionService } from '../../connections/connection-service.js';
import { resolveAllowedTools, toolkitPasses } from '../../sessions/allowed-tools.js';
import { customToolProblems } from '../../sessions/custom-tools.js';
import { renderSession } from '../../sessions/render-session.js';
import type { SessionService } from '../../sessions/session-service.js';
import { sessionToolItems } from '../../sessions/session-tools.js';
import type { WorkbenchService } from '../../workbench/workbench-service.js';
import type { AppEnv } from '../env.js';
import { decodeCursor, limitFrom, pageOf, paginate } from '../pagination.js';
import { readBody, readQuery } from '../validate.js';

export interface SessionRouteDeps {
  sessions: SessionService;
  /** Origin for URLs handed out; undefined means "the origin the request came to". */
  publicUrl: string | undefined;
  now: () => Date;
  /** Connection state per toolkit for the session's user. */
  accounts: ConnectionService;
  /** A deleted session's workbench kernel and files go with it. */
  workbench: Pick<WorkbenchService, 'removeSession'>;
  log: Logger;
}

const ToolkitsQuerySchema = PaginationQuerySchema.extend({
  toolkits: z.string().optional(),
  is_connected: z.enum(['true', 'false']).optional(),
  search: z.string().max(200).optional(),
}).strict();

/** Query of `GET /tool_router/session`: the project's sessions, optionally one user's. */
const SessionListQuerySchema = PaginationQuerySchema.extend({
  user_id: z.string().min(1).max(256).optional(),
}).strict();

/** `/tool_router/session` and everything below it. */
export function sessionRoutes(deps: SessionRouteDeps) {
  const app = new Hono<AppEnv>();
  const origin = (c: Context) => deps.publicUrl ?? new URL(c.req.url).origin;
  const project = (c: Context<AppEnv>) => c.get('project').id;

  app.post('/', async (c) => {
    const body = await readBody(c, SessionCreateSchema);
    const { row, warnings } = await deps.sessions.create(project(c), body);
    return c.json(renderSession(row, { origin: origin(c), now: deps.now(), warnings }), 201);
  });

  app.get('/', async (c) => {
    const q = readQuery(c, SessionListQuerySchema);
    const limit = limitFrom(q.limit, 20, 100);
    const offset = decodeCursor(q.cursor);
    const { items, total } = await deps.sessions.list(project(c), { ...(q.user_id ? { userId: q.user_id } : {}), offset, limit });
    const at = deps.now();
    return c.json(
      pageOf(
        items.map((row) => renderSession(row, { origin: origin(c), now: at })),
        total,
        offset,
        limit,
      ),
    );
  });

  app.get('/:id', async (c) => {
    const { row } = await deps.sessions.load(project(c), c.req.param('id'));
    return c.json(renderSession(row, { origin: origin(c), now: deps.now() }));
  });

  app.post('/:id/attach', async (c) => {
    const body = await readBody(c, SessionAttachSchema);
    const { row, view } = await deps.sessions.load(project(c), c.req.param('id'));
    const problems = customToolProblems(view, body.experimental?.custom_tools, body.experimental?.custom_toolkits);
    if (problems.length > 0) {
      throw new ToolRouterError('SESSION_INVALID_CONFIG', `Invalid custom tools: ${problems[0]}`, { errors: problems });
    }
    return c.json(renderSession(row, { origin: origin(c), now: deps.now(), customs: body }));
  });

  app.patch('/:id', async (c) => {
    const body = await readBody(c, SessionPatchSchema);
    const { row, warnings } = await deps.sessions.update(project(c), c.req.param('id'), body);
    return c.json(renderSession(row, { origin: origin(c), now: deps.now(), warnings }));
  });

  app.delete('/:id', async (c) => {
    const id = c.req.param('id');
    await deps.sessions.delete(project(c), id);
    // Instances running a kernel of the session also hear of it on the change feed; this instance
    // removes the files even when it never ran one (e.g. after a restart).
    await deps.workbench
      .removeSession(project(c), id)
      .catch((err: unknown) => deps.log.warn({ err, sessionId: id }, 'removing the workbench files of a deleted session failed'));
    return c.json({ session_id: id, deleted: true as const });
  });

  app.get('/:id/config_history', async (c) => {
    const q = readQuery(c, PaginationQuerySchema.strict());
    const limit = limitFrom(q.limit, 20, 100);
    const offset = decodeCursor(q.cursor);
    const { items, total, current } = await deps.sessions.history(project(c), c.req.param('id'), { offset, limit });
    const rendered = items.map((v) => ({ version: v.version, config: v.config, created_at: v.created_at, is_current: v.version === current }));
    return c.json(pageOf(rendered, total, offset, limit));
  });

  app.get('/:id/tools', async (c) => {
    const q = readQuery(c, PaginationQuerySchema.strict());
    const limit = limitFrom(q.limit, 500, 500);
    const { row, view } = await deps.sessions.load(project(c), c.req.param('id'));
    return c.json(paginate(sessionToolItems(view, row.config, c.get('origin')), decodeCursor(q.cursor), limit));
  });

  app.get('/:id/toolkits', async (c) => {
    const q = readQuery(c, ToolkitsQuerySchema);
    const limit = limitFrom(q.limit, 20, 50);
    const { row, view } = await deps.sessions.load(project(c), c.req.param('id'));
    const allowed = resolveAllowedTools(view, row.config);
    const withTools = new Set(allowed.tools.map((t) => t.toolkit));
    let slugs: string[];
    if (q.toolkits) {
      slugs = q.toolkits
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      const unknown = slugs.filter((s) => !view.toolkit(s));
      if (unknown.length > 0) {
        const errors = unknown.map((s) => {
          if (view.turnedOff.has(s)) return `toolkits: toolkit "${s}" is turned off for this project`;
          const hint = view.suggestToolkit(s);
          return `toolkits: unknown toolkit "${s}"${hint ? ` (did you mean "${hint}"?)` : ''}`;
        });
        throw new ToolRouterError('VALIDATION_FAILED', `Invalid request: ${errors[0]}`, { errors });
      }
    } else {
      slugs = allowed.toolkits.filter((s) => withTools.has(s));
    }
    const needle = q.search?.toLowerCase();
    const matching = slugs
      .map((slug) => view.toolkit(slug)!)
      .filter((e) => !needle || e.toolkit.slug.includes(needle) || e.toolkit.name.toLowerCase().includes(needle));
    const states = await deps.accounts.states(
      project(c),
      row.user_id,
      matching.map((e) => e.toolkit),
    );
    const configs = await Promise.all(
      [...new Set([...states.values()].flatMap((s) => (s.account ? [s.account.auth_config_id] : [])))].map((id) => deps.accounts.authConfig(project(c), id)),
    );
    const items = matching
      .map((e) => ({
        slug: e.toolkit.slug,
        name: e.toolkit.name,
        enabled: toolkitPasses(e.toolkit.slug, row.config) && withTools.has(e.toolkit.slug),
        is_no_auth: e.toolkit.auth_schemes.every((s) => s.mode === 'NO_AUTH'),
        auth_schemes: e.toolkit.auth_schemes.map((s) => s.mode),
        composio_managed_auth_schemes: deps.accounts.managedSchemes(e.toolkit),
        meta: { logo: logoOf(e.toolkit, c.get('origin')), description: e.toolkit.description },
        connected_account: connectedAccount(states.get(e.toolkit.slug), configs, row.user_id),
        connection: connectionOf(states.get(e.toolkit.slug)),
      }))
      .filter((item) => q.is_connected === undefined || (item.connected_account?.status === 'ACTIVE') === (q.is_connected === 'true'));
    return c.json(paginate(items, decodeCursor(q.cursor), limit));
  });

  return app;
}

type ToolkitState = Awaited<ReturnType<ConnectionService['states']>> extends Map<string, infer S> ? S : never;

/** The account shown for a toolkit (the one in use, else the latest), with its auth config as the client expects. */
function connectedAccount(
  state: ToolkitState | undefined,
  configs: Array<{ id: string; auth_scheme: string; is_managed: boolean } | undefined>,
  userId: string,
) {
  const account = state?.account;
  if (!account) return null;
  const config = configs.find((c) => c?.id === account.auth_config_id);
  return {
    id: account.id,
    status: account.status,
    status_reason: account.status_reason,
    alias: account.alias,
    created_at: account.created_at,
    user_id: userId,
    auth_config: { id: account.auth_config_id, auth_scheme: config?.auth_scheme ?? 'OAUTH2', is_composio_managed: config?.is_managed ?? false },
  };
}

function connectionOf(state: ToolkitState | undefined) {
  return {
    is_active: state?.has_active_connection ?? false,
    status: state?.status ?? 'NOT_CONNECTED',
    message: state?.status_message ?? '',
  };
}
