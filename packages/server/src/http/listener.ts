import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { getRequestListener } from '@hono/node-server';
import { type ErrorCode, ToolRouterError } from '@toolrouter/core';

/** The HTTP server `listenHttp` makes (for callers outside the HTTP layer). */
export type HttpServer = Server;

export interface ListenOptions {
  port: number;
  host: string;
  /**
   * The server takes no connections of its own: another process accepts them and hands them over
   * (`serve --workers N`: the first process passes followers their share, see cli/serve-followers.ts),
   * and they are given to it with `server.emit('connection', socket)`. Port and host are then only named.
   */
  fed?: boolean;
}

/**
 * Binds a Web-standard app to a Node HTTP server, as production runs it (`serve.ts`; tests use the
 * same). Node's parser refuses some requests before the app sees them — a header name with a
 * space, a control character in a value, headers past 16 KB, contradictory Content-Length — and
 * by default answers those with a bare status and no body; so does the adapter for a request it
 * cannot turn into a `Request` (a Host header that is no URL authority). Here both get the error
 * envelope every other failure gets, so clients have one shape to read.
 */
export async function listenHttp(app: { fetch: (request: Request) => Response | Promise<Response> }, options: ListenOptions): Promise<Server> {
  const listener = getRequestListener(app.fetch, {
    hostname: options.host,
    errorHandler: () => envelopeResponse(malformed('the Host header or request target is not a valid URL')),
  });
  const server = createServer(listener);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    const listening = () => {
      server.off('error', reject);
      resolve();
    };
    if (options.fed) listening();
    else server.listen(options.port, options.host, listening);
  });
  // Outlive the idle timeouts of clients and load balancers (commonly 60 s), so a client never
  // reuses a keep-alive connection at the moment the server closes it (seen as "fetch failed").
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.on('clientError', answerClientError);
  // An expectation other than 100-continue may be refused (417) or ignored (RFC 9110 §10.1.1);
  // ignoring it serves the request as if the header were absent, instead of a bodiless 417.
  server.on('checkExpectation', (req: IncomingMessage, res: ServerResponse) => server.emit('request', req, res));
  return server;
}

/**
 * Stops taking connections, lets requests in flight finish, and closes idle keep-alive connections at
 * once; connections still busy after `graceMs` (an MCP event stream, a stuck upstream) are cut so the
 * process can exit. Resolves once every connection is gone.
 */
export function stopGracefully(server: Server, graceMs: number): Promise<void> {
  return new Promise<void>((resolve) => {
    const cut = setTimeout(() => server.closeAllConnections(), graceMs);
    cut.unref();
    server.close(() => {
      clearTimeout(cut);
      resolve();
    });
    server.closeIdleConnections();
  });
}

/** What Node's parser reports, as our codes: the same statuses Node would send, now with a body. */
function codeFor(error: NodeJS.ErrnoException): ErrorCode {
  if (error.code === 'HPE_HEADER_OVERFLOW') return 'HEADERS_TOO_LARGE';
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') return 'REQUEST_INCOMPLETE';
  return 'MALFORMED_REQUEST';
}

const MESSAGES: Partial<Record<ErrorCode, [string, string]>> = {
  HEADERS_TOO_LARGE: ['The request headers are too large', 'Send fewer or shorter headers (at most 16 KB in all).'],
  REQUEST_INCOMPLETE: ['The request did not arrive completely in time', 'Send the whole request without pauses, then retry.'],
  MALFORMED_REQUEST: [
    'The HTTP request is malformed and was not read',
    'Check the request line, header names and values (no control characters), and the body framing.',
  ],
};

/** Writes the envelope on the raw socket (no response object exists yet) and closes the connection. */
export function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  // A client that went away, or a socket that already carries a response, has no one to tell.
  if (error.code === 'ECONNRESET' || !socket.writable || (socket as Duplex & { _httpMessage?: unknown })._httpMessage) {
    socket.destroy();
    return;
  }
  const code = codeFor(error);
  const [message, suggestedFix] = MESSAGES[code]!;
  const failure = new ToolRouterError(code, message, { suggestedFix, errors: [`http: ${error.code ?? 'parse error'}`] });
  const body = JSON.stringify(failure.toEnvelope(null));
  const head = [
    `HTTP/1.1 ${failure.status} ${STATUS_TEXT[failure.status] ?? 'Bad Request'}`,
    'Content-Type: application/json',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'x-should-retry: false',
    'Connection: close',
  ];
  socket.end(`${head.join('\r\n')}\r\n\r\n${body}`);
}

function malformed(detail: string): ToolRouterError {
  const [message, suggestedFix] = MESSAGES.MALFORMED_REQUEST!;
  return new ToolRouterError('MALFORMED_REQUEST', message, { suggestedFix, errors: [`http: ${detail}`] });
}

function envelopeResponse(error: ToolRouterError): Response {
  return new Response(JSON.stringify(error.toEnvelope(null)), {
    status: error.status,
    headers: { 'content-type': 'application/json', 'x-should-retry': 'false' },
  });
}

const STATUS_TEXT: Record<number, string> = { 400: 'Bad Request', 408: 'Request Timeout', 431: 'Request Header Fields Too Large' };
