import { createRequire } from 'node:module';
import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import {
  isInitializeRequest,
  isJSONRPCErrorResponse,
  isJSONRPCResultResponse,
  type JSONRPCMessage,
  LATEST_PROTOCOL_VERSION,
  SUPPORTED_PROTOCOL_VERSIONS,
} from '@modelcontextprotocol/sdk/types.js';
import { ToolRouterError } from '@toolrouter/core';
import { type Context, Hono, type MiddlewareHandler } from 'hono';
import type { Logger } from 'pino';
import type { ExecutionService } from '../execution/execution-service.js';
import type { AuthGuard } from '../http/auth.js';
import { jsonHazardIn } from '../http/validate.js';
import type { ProjectService } from '../projects/project-service.js';
import type { SessionService } from '../sessions/session-service.js';
import { declaresFormElicitation, decodeClientSession, encodeClientSession } from './client-session.js';
import { answerFast, fastRequestOf } from './fast-path.js';
import { isMcpToken, type McpTokenService } from './mcp-tokens.js';
import type { ReplyRouter } from './reply-router.js';
import { RoutedTransport } from './routed-transport.js';
import { createSessionServer, type SessionRequest, type SessionServerDeps, type SessionTarget } from './session-server.js';
import { McpSessionStates } from './session-states.js';
import { jsonRpcError, releaseWhenDone } from './stream-release.js';
import type { ToolListWatcher } from './tool-list-watcher.js';

const { version } = createRequire(import.meta.url)('../../package.json') as { version: string };

export interface McpRouteDeps {
  projects: ProjectService;
  sessions: SessionService;
  execution: ExecutionService;
  mcpTokens: McpTokenService;
  watcher: ToolListWatcher;
  replies: ReplyRouter;
  log: Logger;
  /** The same failure limit as the REST API's keys, shared with it. */
  authGuard: AuthGuard;
}

interface McpEnv {
  Variables: { requestId: string; projectId: string; origin: string };
}

/**
 * `/tool_router/{session_id}/mcp`: every session as a Streamable HTTP MCP server. Each request
 * reads the session as stored and gets an MCP server over it (with the session's tool list kept
 * per config version, see session-states.ts), so any instance answers any request; what must
 * survive between requests travels in the client's `Mcp-Session-Id` (see client-session.ts).
 */
export function mcpRoutes(deps: McpRouteDeps) {
  const app = new Hono<McpEnv>();
  const serverDeps: ServeDeps = { execution: deps.execution, log: deps.log, version, replies: deps.replies };
  const states = new McpSessionStates();

  // The body limit is applied app-wide (http/app.ts), before this route is reached.
  app.use('/:id/mcp', authenticate(deps));

  app.all('/:id/mcp', async (c) => {
    const target: SessionTarget = {
      projectId: c.get('projectId'),
      sessionId: c.req.param('id'),
      client: decodeClientSession(c.req.header('mcp-session-id')),
    };
    if (c.req.method === 'POST') return post(c, serverDeps, deps.sessions, states, target);
    // Read once per request (404 for a session that is gone or belongs to another project); the
    // list and the call of this request are both answered from this read.
    const loaded = await deps.sessions.load(target.projectId, target.sessionId);
    const exchange: SessionRequest = { target, loaded, state: states.of(loaded), origin: c.get('origin') };
    if (c.req.method === 'GET') return openStream(c, serverDeps, deps.watcher, exchange);
    return passThrough(c, serverDeps, exchange);
  });

  return app;
}

/** `x-api-key`, `Authorization: Bearer`, or a session's MCP URL token (`?token=`, or as the bearer). */
function authenticate(deps: McpRouteDeps): MiddlewareHandler<McpEnv> {
  return async (c, next) => {
    const bearer = c.req.header('authorization')?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
    const credential = c.req.header('x-api-key')?.trim() || bearer || c.req.query('token');
    if (!credential) {
      throw new ToolRouterError('API_KEY_MISSING', 'No API key was sent', {
        suggestedFix: 'Send the project API key in x-api-key (or Authorization: Bearer), or use an MCP URL with a session token.',
      });
    }
    const client = deps.authGuard.clientOf(c);
    if (isMcpToken(credential)) {
      const token = await deps.authGuard.limiter.attempt(c, client, () => deps.mcpTokens.verify(credential));
      if (!token) {
        throw new ToolRouterError('API_KEY_INVALID', 'The MCP token is not valid', {
          suggestedFix: 'It may have expired or been revoked; issue a new one with POST …/session/{id}/mcp_tokens.',
        });
      }
      if (token.session_id !== c.req.param('id')) {
        throw new ToolRouterError('MCP_TOKEN_WRONG_SESSION', 'This MCP token opens another session', {
          suggestedFix: 'Use the URL returned when the token was issued.',
        });
      }
      c.set('projectId', token.project_id);
    } else {
      const project = await deps.authGuard.limiter.attempt(c, client, () => deps.projects.authenticate(credential));
      if (!project) {
        throw new ToolRouterError('API_KEY_INVALID', 'The API key is not valid', {
          suggestedFix: 'Check the key; it may have been revoked.',
        });
      }
      c.set('projectId', project.id);
    }
    await next();
  };
}

interface ServeDeps extends SessionServerDeps {
  replies: ReplyRouter;
}

async function serve(c: Context<McpEnv>, deps: ServeDeps, exchange: SessionRequest, parsedBody?: unknown) {
  const server = createSessionServer(deps, exchange);
  const inner = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined });
  await server.connect(new RoutedTransport(inner, deps.replies, exchange.target));
  const response = await inner.handleRequest(c.req.raw, parsedBody === undefined ? undefined : { parsedBody });
  return { server, response };
}

/** The body of a POST, parsed once; or the JSON-RPC error that refuses it. */
function parseBody(text: string): { body: unknown } | { refused: Response } {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return { refused: jsonRpcError(400, -32700, 'Parse error: the body is not valid JSON') };
  }
  // As on the REST API: a "__proto__" key would vanish in any later spread or assignment of the
  // tool's arguments, and a NUL character cannot be stored on PostgreSQL, so the call is refused
  // instead of run without the key or failing halfway.
  const hazard = jsonHazardIn(text, body);
  if (hazard) return { refused: jsonRpcError(400, -32600, `Invalid request: ${hazard.error} (${hazard.fix})`) };
  return { body };
}

async function post(c: Context<McpEnv>, deps: ServeDeps, sessions: SessionService, states: McpSessionStates, target: SessionTarget) {
  const parsed = parseBody(await c.req.text());
  const fast = 'body' in parsed ? fastRequestOf(c.req.raw.headers, parsed.body, target.client) : undefined;
  // The session is read before any refusal of the body, so a session that is gone is a 404 first.
  // A tools/call reads it as REST execute does (from memory, kept current by the change feed);
  // everything else reads the store, so a tools/list right after a PATCH on another instance
  // lists the new config.
  const loaded =
    fast?.method === 'tools/call' ? await sessions.loadForCall(target.projectId, target.sessionId) : await sessions.load(target.projectId, target.sessionId);
  if ('refused' in parsed) return parsed.refused;
  if (fast?.method === 'tools/call') return answerFast(deps, { target, loaded, origin: c.get('origin') }, fast);
  const exchange: SessionRequest = { target, loaded, state: states.of(loaded), origin: c.get('origin') };
  if (fast) return answerFast(deps, exchange, fast);

  const { body } = parsed;
  const messages = (Array.isArray(body) ? body : [body]) as JSONRPCMessage[];
  // Answers to requests a server sent the client (elicitation): the server that asked is waiting
  // inside another HTTP request, maybe on another instance.
  if (messages.length > 0 && messages.every((m) => isJSONRPCResultResponse(m) || isJSONRPCErrorResponse(m))) {
    for (const answer of messages as Array<JSONRPCMessage & { id: string | number }>) {
      if ((await deps.replies.route(target.projectId, target.sessionId, answer)) === 'too_large') {
        return jsonRpcError(413, -32600, 'The answer is too large to relay');
      }
    }
    return new Response(null, { status: 202 });
  }
  const { server, response } = await serve(c, deps, exchange, body);
  const init = messages.find((m) => isInitializeRequest(m));
  const released = releaseWhenDone(response, () => void server.close());
  if (init && released.ok) {
    const requested = init.params.protocolVersion;
    released.headers.set(
      'mcp-session-id',
      encodeClientSession({
        protocolVersion: SUPPORTED_PROTOCOL_VERSIONS.includes(requested) ? requested : LATEST_PROTOCOL_VERSION,
        elicitation: declaresFormElicitation(init.params.capabilities),
      }),
    );
  }
  return released;
}

/** The GET stream: server-initiated messages, here `notifications/tools/list_changed`. */
async function openStream(c: Context<McpEnv>, deps: ServeDeps, watcher: ToolListWatcher, exchange: SessionRequest) {
  const { row } = exchange.loaded;
  const { server, response } = await serve(c, deps, exchange);
  if (!response.ok || !response.body) {
    await server.close();
    return response;
  }
  const watch = watcher.watch(
    { projectId: row.project_id, sessionId: row.id, userId: row.user_id, configVersion: row.config_version },
    {
      changed: () => void server.sendToolListChanged().catch(() => undefined),
      ended: () => void server.close(),
    },
  );
  await watch.ready;
  return releaseWhenDone(response, () => {
    watch.stop();
    void server.close();
  });
}

/** DELETE (ending an MCP session: nothing to forget, as nothing is kept) and unsupported methods. */
async function passThrough(c: Context<McpEnv>, deps: ServeDeps, exchange: SessionRequest) {
  const { server, response } = await serve(c, deps, exchange);
  return releaseWhenDone(response, () => void server.close());
}
