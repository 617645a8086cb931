import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { requestId } from 'hono/request-id';
import type { Logger } from 'pino';
import { mcpRoutes } from '../mcp/mcp-routes.js';
import { ReplyRouter } from '../mcp/reply-router.js';
import { ToolListWatcher } from '../mcp/tool-list-watcher.js';
import type { Services } from '../runtime.js';
import { requireApiKey } from './auth.js';
import type { AppEnv } from './env.js';
import { errorHandler, notFoundHandler } from './errors.js';
import { withLinkOrigin } from '../connections/link-origin.js';
import { linkRoutes } from '../web/link-routes.js';
import { authConfigRoutes } from './routes/auth-configs.js';
import { catalogRoutes } from './routes/catalog.js';
import { classicToolRoutes } from './routes/classic-tools.js';
import { fileTransferRoutes, sessionMountRoutes } from './routes/session-mounts.js';
import { mcpTokenRoutes } from './routes/mcp-tokens.js';
import { executionRoutes } from './routes/executions.js';
import { customToolkitRoutes } from './routes/custom-toolkits.js';
import { mcpServerRoutes } from './routes/mcp-servers.js';
import { connectedAccountRoutes, sessionLinkRoutes } from './routes/connected-accounts.js';
import { searchLogRoutes } from './routes/search-logs.js';
import { sessionActionRoutes } from './routes/session-actions.js';
import { sessionRoutes } from './routes/sessions.js';

export interface AppDeps extends Services {
  log: Logger;
  publicUrl: string | undefined;
  maxBodyBytes: number;
  now?: () => Date;
  /** Tests pass their own to observe open MCP streams. */
  mcpWatcher?: ToolListWatcher;
}

/** The HTTP API as a Web-standard app; `serve.ts` binds it to a Node socket, tests call `app.request()`. */
export function createApp(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use(requestId({ headerName: 'x-request-id' }));
  app.use(async (c, next) => {
    const started = performance.now();
    await next();
    // Method, path and status only: headers and bodies may carry secrets.
    deps.log.info(
      { requestId: c.get('requestId'), method: c.req.method, path: redactPath(c.req.path), status: c.res.status, ms: Math.round(performance.now() - started) },
      'request',
    );
  });
  app.onError(errorHandler(deps.log));
  app.notFound(notFoundHandler);

  // Connect Links made deep inside a request (meta-tools) point at the origin the caller used.
  app.use((c, next) => withLinkOrigin(deps.publicUrl ?? new URL(c.req.url).origin, next));

  app.get('/health', (c) => c.json({ status: 'ok' }));
  // Hosted Connect Link pages and the OAuth callback: authenticated by the link token or state.
  app.route('/', linkRoutes({ links: deps.links, publicUrl: deps.publicUrl }));

  const mountDeps = {
    sessions: deps.sessions,
    files: deps.sessionFiles,
    tokens: deps.fileUrls,
    publicUrl: deps.publicUrl,
    now: deps.now ?? (() => new Date()),
    maxUploadBytes: deps.maxBodyBytes,
  };
  // Signed upload/download URLs of session file mounts: the token in the URL is the credential.
  app.route('/', fileTransferRoutes(mountDeps));

  const api = new Hono<AppEnv>();
  api.use(bodyLimit({ maxSize: deps.maxBodyBytes }));
  api.use(requireApiKey(deps.projects));
  const now = deps.now ?? (() => new Date());
  api.route('/tool_router/session', sessionRoutes({ sessions: deps.sessions, publicUrl: deps.publicUrl, now, accounts: deps.accounts, workbench: deps.workbench, log: deps.log }));
  const accountDeps = { accounts: deps.accounts, sessions: deps.sessions, publicUrl: deps.publicUrl };
  api.route('/tool_router/session', sessionLinkRoutes(accountDeps));
  api.route('/connected_accounts', connectedAccountRoutes(accountDeps));
  api.route('/auth_configs', authConfigRoutes({ authConfigs: deps.authConfigs, catalog: deps.catalog, store: deps.store }));
  api.route(
    '/tool_router/session',
    sessionActionRoutes({ sessions: deps.sessions, search: deps.search, execution: deps.execution, store: deps.store, connections: deps.connections, now }),
  );
  api.route('/tool_router/session', sessionMountRoutes(mountDeps));
  api.route('/tool_router/session', mcpTokenRoutes({ mcpTokens: deps.mcpTokens, publicUrl: deps.publicUrl }));
  api.route('/', searchLogRoutes(deps.store));
  api.route('/', executionRoutes({ store: deps.store, sessions: deps.sessions, approvals: deps.approvals, proxy: deps.proxy, egressAllow: deps.egressAllow }));
  api.route('/', mcpServerRoutes(deps.mcpServers));
  api.route('/', customToolkitRoutes(deps.customToolkits, deps.webhookSecrets));
  api.route('/', classicToolRoutes(deps.classic));
  api.route('/', catalogRoutes({ catalog: deps.catalog, importer: deps.importer }));

  // Each session's MCP server, on the API origin (the URL in `session.mcp.url`).
  const watcher = deps.mcpWatcher ?? new ToolListWatcher(deps.store.changes, deps.store.sessions, deps.log);
  const replies = new ReplyRouter(deps.store.changes, deps.log);
  app.route('/tool_router', mcpRoutes({ ...deps, watcher, replies }));

  // v3.1 is current; v3 serves the same handlers for older clients.
  app.route('/api/v3.1', api);
  app.route('/api/v3', api);
  return app;
}

/** Connect Link tokens are credentials: keep them out of the request log. */
function redactPath(path: string): string {
  return path.replace(/\/link\/lt_[^/]+/, '/link/lt_…').replace(/\/session_files\/[^/]+/, '/session_files/…');
}
