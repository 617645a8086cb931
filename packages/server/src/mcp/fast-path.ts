import { isJsonContentType } from '@modelcontextprotocol/sdk/shared/mediaType.js';
import { type CallToolResult, type McpError, SUPPORTED_PROTOCOL_VERSIONS } from '@modelcontextprotocol/sdk/types.js';
import type { LoadedSession } from '../sessions/session-service.js';
import type { ClientSession } from './client-session.js';
import { callTool, type SessionServerDeps, type SessionTarget } from './session-server.js';
import type { McpSessionState } from './session-states.js';
import { envelopeTextOf } from './tool-mapping.js';

/**
 * The MCP endpoint's fast path: a stateless POST carrying exactly one plain JSON-RPC `tools/call`
 * or `tools/list` request is answered here, without building the SDK's transport and server for it.
 * Those cost more than the rest of the MCP layer together (a transport, the message parsed by zod
 * three times and the result once, a web stream for one event, our stream wrapper around it).
 *
 * The answer is the one the SDK would give, byte for byte (fast-path.test.ts compares the two): the
 * same SSE event and headers, the result's keys in the order the SDK's result schema puts them, the
 * same error object for an unknown tool. Anything else — initialize, notifications, batches, GET
 * streams, a request with `_meta` or `task`, a client that can answer elicitation (a call may need
 * to ask it for approval), headers the SDK would refuse — goes to the SDK, which answers (or refuses)
 * it as before.
 */
export type FastRequest =
  | { method: 'tools/call'; id: string | number; name: string; arguments: Record<string, unknown> | undefined }
  | { method: 'tools/list'; id: string | number };

/** How long a call may take before its answer is streamed (headers first, keep-alives while it runs). */
export const FAST_ANSWER_WAIT_MS = 1_000;

/** The SDK's SSE keep-alive interval (a comment frame, so proxies do not time a long call out). */
const KEEP_ALIVE_MS = 15_000;

/** The SDK's headers for a POST answered as an SSE stream. */
const SSE_HEADERS: Record<string, string> = {
  'Content-Type': 'text/event-stream',
  'Cache-Control': 'no-cache, no-transform',
  Connection: 'keep-alive',
  'X-Accel-Buffering': 'no',
};

const REQUEST_KEYS = new Set(['jsonrpc', 'id', 'method', 'params']);

/** The request, if this POST is one the fast path answers exactly as the SDK would; undefined otherwise. */
export function fastRequestOf(headers: Headers, body: unknown, client: ClientSession | undefined): FastRequest | undefined {
  // What the SDK's transport checks before it reads a message; any refusal is left to it.
  const accept = headers.get('accept');
  if (!accept?.includes('application/json') || !accept.includes('text/event-stream')) return undefined;
  if (!isJsonContentType(headers.get('content-type'))) return undefined;
  const version = headers.get('mcp-protocol-version');
  if (version !== null && !SUPPORTED_PROTOCOL_VERSIONS.includes(version)) return undefined;

  // One JSON-RPC request (the SDK's schema is strict: no other keys).
  if (!isPlainObject(body)) return undefined;
  for (const key in body) if (!REQUEST_KEYS.has(key)) return undefined;
  const { jsonrpc, id, method, params } = body;
  // zod's int() takes safe integers only; any other number is left to the SDK to refuse.
  if (jsonrpc !== '2.0' || !(typeof id === 'string' || Number.isSafeInteger(id))) return undefined;
  const requestId = id as string | number;

  if (method === 'tools/list') {
    // Pagination is not used (the whole list is one page), so a cursor changes nothing.
    if (params === undefined) return { method, id: requestId };
    if (!isPlainObject(params)) return undefined;
    for (const key in params) if (key !== 'cursor' || typeof params[key] !== 'string') return undefined;
    return { method, id: requestId };
  }
  if (method === 'tools/call') {
    // A client that can elicit may be asked for approval in the middle of the call: the SDK's server does that.
    if (client?.elicitation) return undefined;
    if (!isPlainObject(params)) return undefined;
    for (const key in params) if (key !== 'name' && key !== 'arguments') return undefined;
    const { name, arguments: args } = params;
    if (typeof name !== 'string' || !(args === undefined || isPlainObject(args))) return undefined;
    return { method, id: requestId, name, arguments: args };
  }
  return undefined;
}

export interface FastExchange {
  target: SessionTarget;
  loaded: LoadedSession;
  /** The origin the client reached this server on (Connect Links made by a call point there). */
  origin: string;
  /** Needed for tools/list only. */
  state?: McpSessionState | undefined;
}

/** Answers a request `fastRequestOf` accepted, as the SDK's transport would (an SSE stream of one event). */
export async function answerFast(deps: SessionServerDeps, exchange: FastExchange, request: FastRequest, waitMs = FAST_ANSWER_WAIT_MS): Promise<Response> {
  if (request.method === 'tools/list')
    return sseResponse(`{"result":{"tools":${toolsJsonOf(exchange.state!)}},"jsonrpc":"2.0","id":${JSON.stringify(request.id)}}`);
  const answer = callTool(deps, exchange, request.name, request.arguments, {}).then(
    (result) => resultMessage(request.id, result),
    (error: unknown) => errorMessage(request.id, error),
  );
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), waitMs)));
  const early = await Promise.race([answer, late]);
  clearTimeout(timer);
  return early === undefined ? streamedResponse(answer) : sseResponse(early);
}

/**
 * The result as the SDK sends it: its result schema puts `_meta` first, then content,
 * structuredContent, isError. A result built by tool-mapping.ts already holds its envelope's JSON
 * (the text block), which is exactly `structuredContent` serialised, so the tool's data is
 * serialised once here rather than twice (about 40 % of the serialising for a 40 KB result).
 */
function resultMessage(id: string | number, result: CallToolResult): string {
  const { _meta, content, structuredContent, isError } = result;
  const text = envelopeTextOf(result);
  if (text !== undefined && typeof isError === 'boolean') {
    const meta = _meta === undefined ? '' : `"_meta":${JSON.stringify(_meta)},`;
    return `{"result":{${meta}"content":[{"type":"text","text":${JSON.stringify(text)}}],"structuredContent":${text},"isError":${isError}},"jsonrpc":"2.0","id":${JSON.stringify(id)}}`;
  }
  const ordered = _meta === undefined ? { content, structuredContent, isError } : { _meta, content, structuredContent, isError };
  return JSON.stringify({ result: ordered, jsonrpc: '2.0', id });
}

/** A handler error as the SDK's protocol layer sends it (callTool throws only McpError). */
function errorMessage(id: string | number, error: unknown): string {
  const e = error as Partial<McpError>;
  return JSON.stringify({
    jsonrpc: '2.0',
    id,
    error: {
      code: Number.isSafeInteger(e.code) ? e.code : -32603,
      message: e.message ?? 'Internal error',
      ...(e.data !== undefined && { data: e.data }),
    },
  });
}

function sseEvent(json: string): string {
  return `event: message\ndata: ${json}\n\n`;
}

function sseResponse(json: string): Response {
  return new Response(sseEvent(json), { status: 200, headers: SSE_HEADERS });
}

/** A call that runs long: headers now, keep-alive comments while it runs, then its event (as the SDK does). */
function streamedResponse(answer: Promise<string>): Response {
  let keepAlive: NodeJS.Timeout | undefined;
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      keepAlive = setInterval(() => controller.enqueue(encoder.encode(': keepalive\n\n')), KEEP_ALIVE_MS);
      keepAlive.unref();
      const finish = (last: () => void) => {
        clearInterval(keepAlive);
        try {
          last();
        } catch {
          // The client went away while the call ran.
        }
      };
      answer.then(
        (json) =>
          finish(() => {
            controller.enqueue(encoder.encode(sseEvent(json)));
            controller.close();
          }),
        (error: unknown) => finish(() => controller.error(error)),
      );
    },
    cancel() {
      clearInterval(keepAlive);
    },
  });
  return new Response(body, { status: 200, headers: SSE_HEADERS });
}

/** tools/list's JSON, built once per session state (the state is immutable and replaced on any change). */
const toolsJson = new WeakMap<McpSessionState, string>();
function toolsJsonOf(state: McpSessionState): string {
  let json = toolsJson.get(state);
  if (json === undefined) {
    json = JSON.stringify(state.tools);
    toolsJson.set(state, json);
  }
  return json;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
