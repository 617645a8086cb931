import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { CallToolRequestSchema, type CallToolResult, ErrorCode, ListToolsRequestSchema, McpError } from '@modelcontextprotocol/sdk/types.js';
import { ToolRouterError } from '@toolrouter/core';
import type { Logger } from 'pino';
import type { ExecutionService } from '../execution/execution-service.js';
import type { ExecuteOptions } from '../execution/tool-runner.js';
import type { LoadedSession } from '../sessions/session-service.js';
import { elicitApproval } from './approval-elicitation.js';
import type { ClientSession } from './client-session.js';
import type { McpSessionState } from './session-states.js';
import { sharedSchemaValidator } from './shared-schema-validator.js';
import { callResultFrom, toolFailure } from './tool-mapping.js';

export interface SessionServerDeps {
  execution: ExecutionService;
  log: Logger;
  version: string;
}

export interface SessionTarget {
  projectId: string;
  sessionId: string;
  /** What the client declared at initialize (from its Mcp-Session-Id); undefined if unknown. */
  client?: ClientSession | undefined;
}

/** One HTTP request to one session's MCP endpoint, with the session as loaded for it. */
export interface SessionRequest {
  target: SessionTarget;
  /** The session row and catalog view read from the store for this request. */
  loaded: LoadedSession;
  /** The session's MCP state for exactly that config version and view (see session-states.ts). */
  state: McpSessionState;
  /** The origin the client reached this server on: Connect Links made by its tool calls point there. */
  origin: string;
}

/**
 * The MCP server for one request to one session. What is costly to build per session — the tool
 * list — comes from `state`, shared by requests that saw the same config version; the server
 * object itself is rebuilt per request on purpose: constructing it costs about 2 µs, and a pooled
 * one would carry what an initialize left on it (client capabilities) into other clients' requests.
 * The request's session was read from the store for this request, so a change made through any
 * instance is seen on the next request.
 */
export function createSessionServer(deps: SessionServerDeps, exchange: SessionRequest): Server {
  const { target, state } = exchange;
  const server = new Server(
    { name: 'toolrouter', title: 'Tool Router', version: deps.version },
    {
      capabilities: { tools: { listChanged: true } },
      jsonSchemaValidator: sharedSchemaValidator,
      instructions:
        'Tools of one Tool Router session. Find app tools with COMPOSIO_SEARCH_TOOLS, then run them with ' +
        'COMPOSIO_MULTI_EXECUTE_TOOL; every result is JSON with data, error and successful.',
    },
  );

  server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: [...state.tools] }));

  server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
    const { name, arguments: args } = request.params;
    // Permission "ask": a client that can elicit is asked right here, inside the call; any other
    // client gets the approval-required result and the application decides over REST.
    const options = target.client?.elicitation ? { askApproval: elicitApproval(extra) } : {};
    return callTool(deps, exchange, name, args, options);
  });

  return server;
}

/**
 * One tools/call, as both the SDK's server and the fast path (fast-path.ts) answer it: the result
 * the agent reads, or an `McpError` for a tool that does not exist.
 */
export async function callTool(
  deps: SessionServerDeps,
  exchange: Pick<SessionRequest, 'target' | 'loaded' | 'origin'>,
  name: string,
  args: Record<string, unknown> | undefined,
  options: ExecuteOptions,
): Promise<CallToolResult> {
  const { target, loaded } = exchange;
  try {
    const result = await deps.execution.executeLoaded(
      target.projectId,
      loaded,
      { tool_slug: name, arguments: args ?? {} },
      { ...options, origin: exchange.origin },
    );
    return callResultFrom(result);
  } catch (error) {
    if (error instanceof ToolRouterError) {
      // Only a tool that does not exist is a protocol error; everything else is a result the
      // agent can read and act on.
      if (error.code === 'TOOL_NOT_FOUND') {
        throw new McpError(ErrorCode.InvalidParams, withFix(error), { tool: name });
      }
      return toolFailure(withFix(error));
    }
    deps.log.error({ err: error, tool: name, sessionId: target.sessionId }, 'MCP tool call failed');
    return toolFailure('The tool call failed inside the server; try again later.');
  }
}

function withFix(error: ToolRouterError): string {
  return error.suggestedFix ? `${error.message}. ${error.suggestedFix}` : error.message;
}
