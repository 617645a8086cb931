import { ToolRouterError } from '@toolrouter/core';
import { type Context, Hono } from 'hono';
import { requestId } from 'hono/request-id';
import type { Logger } from 'pino';
import { BUILTIN_LOGO_DIR } from '../catalog/builtin.js';
import { logoRoutes } from '../catalog/logos.js';
import { mcpRoutes } from '../mcp/mcp-routes.js';
import { ReplyRouter } from '../mcp/reply-router.js';
import { ToolListWatcher } from '../mcp/tool-list-watcher.js';
import type { Services } from '../runtime.js';
import { consoleRoutes } from '../web/console/routes.js';
import { linkRoutes } from '../web/link-routes.js';
import { messagePage } from '../web/pages.js';
import { type AuthGuard, requireApiKey } from './auth.js';
import { AUTH_FAILURE_DEFAULTS, AuthFailureLimiter } from './auth-failures.js';
import { limitBodies } from './body-limits.js';
import { clientAddressResolver } from './client-address.js';
import type { AppEnv } from './env.js';
import { errorHandler, notFoundHandler } from './errors.js';
import { rejectNulCharacters } from './nul-guard.js';
import { authConfigRoutes } from './routes/auth-configs.js';
import { catalogRoutes } from './routes/catalog.js';
import { classicToolRoutes } from './routes/classic-tools.js';
import { connectedAccountRoutes, sessionLinkRoutes } from './routes/connected-accounts.js';
import { customToolkitRoutes } from './routes/custom-toolkits.js';
import { executionRoutes } from './routes/executions.js';
import { mcpServerRoutes } from './routes/mcp-servers.js';
import { mcpTokenRoutes } from './routes/mcp-tokens.js';
import { searchLogRoutes } from './routes/search-logs.js';
import { sessionActionRoutes } from './routes/session-actions.js';
import { fileTransferRoutes, sessionMountRoutes } from './routes/session-mounts.js';
import { sessionRoutes } from './routes/sessions.js';

export interface AppDeps extends Services {
  log: Logger;
  publicUrl: string | undefined;
  maxBodyBytes: number;
  now?: () => Date;
  /** Failed-authentication limit per client; the defaults when omitted. */
  authFailures?: AuthFailureOptions;
  /** Where toolkit logos are served from; the built-in catalog's logos by default. */
  logoDir?: string;
  /** Tests pass their own to observe open MCP streams. */
  mcpWatcher?: ToolListWatcher;
}

export interface AuthFailureOptions {
  maxFailures: number;
  windowMs: number;
  /** Peers whose X-Forwarded-For names the client (IPs or CIDRs); empty = the socket address only. */
  trustedProxies: readonly string[];
}

/** The HTTP API as a Web-standard app; `serve.ts` binds it to a Node socket, tests call `app.request()`. */
export function createApp(deps: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use(requestId({ headerName: 'x-request-id' }));
  app.use(async (c, next) => {
    const started = performance.now();
    await next();
    // Built only when it will be written (production runs at info, benchmarks and many operators at warn).
    if (!deps.log.isLevelEnabled('info')) return;
    // Method, path and status only: headers and bodies may carry secrets.
    deps.log.info(
      { requestId: c.get('requestId'), method: c.req.method, path: redactPath(c.req.path), status: c.res.status, ms: Math.round(performance.now() - started) },
      'request',
    );
  });
  const onError = errorHandler(deps.log);
  app.onError(onError);
  app.notFound(notFoundHandler);
  // Before any route: no body is read past its limit, and no NUL reaches a route (see docs/security.md).
  app.use(bodyLimits(deps.maxBodyBytes, onError));
  app.use(rejectNulCharacters());

  // Links and logo URLs point at the origin the caller used (connections/link-origin.ts); what builds
  // them deep inside a request (the connection meta-tools) gets it handed down from here.
  const origins = originsByAuthority();
  app.use((c, next) => {
    c.set('origin', deps.publicUrl ?? origins(c.req.url));
    return next();
  });

  // One limiter for API keys and MCP tokens alike: a guesser gains nothing by switching endpoint.
  const failures = deps.authFailures ?? { ...AUTH_FAILURE_DEFAULTS, trustedProxies: [] };
  const authGuard: AuthGuard = {
    limiter: new AuthFailureLimiter({ maxFailures: failures.maxFailures, windowMs: failures.windowMs, maxClients: AUTH_FAILURE_DEFAULTS.maxClients }),
    clientOf: clientAddressResolver(failures.trustedProxies),
  };

  app.get('/health', (c) => c.json({ status: 'ok' }));
  // Toolkit logos are public images, served before the API-key check like the hosted link pages.
  app.route('/', logoRoutes(deps.logoDir ?? BUILTIN_LOGO_DIR));
  // Hosted Connect Link pages and the OAuth callback: authenticated by the link token or state.
  app.route('/', linkRoutes({ links: deps.links, publicUrl: deps.publicUrl }));
  // The web console: its own cookie session (signed in with an API key), forms with CSRF tokens.
  app.route('/console', consoleRoutes({ ...deps, authGuard, publicUrl: deps.publicUrl }));

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
  api.use(requireApiKey(deps.projects, authGuard));
  const now = deps.now ?? (() => new Date());
  api.route(
    '/tool_router/session',
    sessionRoutes({ sessions: deps.sessions, publicUrl: deps.publicUrl, now, accounts: deps.accounts, workbench: deps.workbench, log: deps.log }),
  );
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
  app.route('/tool_router', mcpRoutes({ ...deps, watcher, replies, authGuard }));

  // v3.1 is current; v3 serves the same handlers for older clients.
  app.route('/api/v3.1', api);
  app.route('/api/v3', api);
  return app;
}

/**
 * Hosted pages post small forms (an API key, a subdomain); a few KB is plenty even for a pasted
 * PEM key, and keeps unauthenticated pages from holding large bodies.
 */
export const FORM_BODY_BYTES = 16 * 1024;

/** Body limits per route group: JSON for the API and MCP up to the operator's limit, forms elsewhere. */
function bodyLimits(maxBodyBytes: number, onError: ReturnType<typeof errorHandler>) {
  const envelope = (c: Context<AppEnv>) =>
    onError(
      new ToolRouterError('PAYLOAD_TOO_LARGE', 'The request body is too large', {
        suggestedFix: 'Send a smaller body, or raise TOOLROUTER_MAX_BODY_BYTES on the server.',
      }),
      c,
    );
  return limitBodies(
    [
      { matches: (path) => path.startsWith('/api/'), maxBytes: maxBodyBytes, tooLarge: envelope },
      { matches: (path) => /^\/tool_router\/[^/]+\/mcp\/?$/.test(path), maxBytes: maxBodyBytes, tooLarge: envelope },
      {
        matches: (path) => path.startsWith('/link/') || path.startsWith('/oauth/') || path.startsWith('/console/'),
        maxBytes: FORM_BODY_BYTES,
        tooLarge: (c) => c.html(messagePage('Too large', 'The form is larger than this page accepts.'), 413),
      },
    ],
    // /health and unknown routes take no body worth reading.
    { maxBytes: FORM_BODY_BYTES, tooLarge: envelope },
  );
}

/**
 * The origin of a request URL, as `new URL(url).origin` gives it, parsed once per scheme and
 * authority (`http://host:port`) rather than once per request: clients reach a server under a
 * handful of names. Bounded, so a client sending many Host values cannot grow it.
 */
function originsByAuthority(): (url: string) => string {
  const known = new Map<string, string>();
  return (url) => {
    const slash = url.indexOf('/', url.indexOf('//') + 2);
    const authority = slash === -1 ? url : url.slice(0, slash);
    let origin = known.get(authority);
    if (origin === undefined) {
      origin = new URL(url).origin;
      if (known.size >= 100) known.clear();
      known.set(authority, origin);
    }
    return origin;
  };
}

/** Connect Link tokens are credentials: keep them out of the request log. */
function redactPath(path: string): string {
  return path.replace(/\/link\/lt_[^/]+/, '/link/lt_…').replace(/\/session_files\/[^/]+/, '/session_files/…');
}
