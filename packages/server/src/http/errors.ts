import { ToolRouterError } from '@toolrouter/core';
import type { ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { Logger } from 'pino';
import type { AppEnv } from './env.js';

/**
 * The edge where every failure becomes the one error envelope. Known errors keep their code;
 * anything else is logged with the request id and answered as a generic 500 without internals.
 */
export function errorHandler(log: Logger): ErrorHandler<AppEnv> {
  return (err, c) => {
    const requestId = c.get('requestId') ?? null;
    let error: ToolRouterError;
    if (err instanceof ToolRouterError) {
      error = err;
    } else if (err instanceof HTTPException && err.status === 413) {
      error = new ToolRouterError('PAYLOAD_TOO_LARGE', 'The request body is too large', {
        suggestedFix: 'Send a smaller body, or raise TOOLROUTER_MAX_BODY_BYTES on the server.',
      });
    } else {
      log.error({ err, requestId, path: c.req.path }, 'unhandled error');
      error = new ToolRouterError('INTERNAL', 'Internal server error', {
        suggestedFix: 'Retry later; if it persists, report the request_id to the operator.',
      });
    }
    if (error.status >= 500 && err instanceof ToolRouterError) log.error({ err, requestId }, error.message);
    // The reference client retries 408, 409, 429 and every 5xx unless told otherwise; only
    // transient failures are worth a retry.
    if (![408, 429, 500, 502, 503, 504].includes(error.status)) c.header('x-should-retry', 'false');
    return c.json(error.toEnvelope(requestId), error.status as 400);
  };
}

export const notFoundHandler: NotFoundHandler<AppEnv> = (c) => {
  const error = new ToolRouterError('ROUTE_NOT_FOUND', `No route for ${c.req.method} ${c.req.path}`, {
    suggestedFix: 'Check the path and method against the API reference in README.md.',
  });
  return c.json(error.toEnvelope(c.get('requestId') ?? null), 404);
};
