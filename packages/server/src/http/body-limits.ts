import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';

/**
 * The body size every route accepts, decided in one place for the whole app. Hosted pages post
 * small forms; the REST API and the MCP endpoint take JSON up to the operator's limit.
 */
export interface BodyLimitGroup {
  /** Which paths this group covers. */
  matches(path: string): boolean;
  maxBytes: number;
  /** The answer when a body is over the limit (a page for browsers, the error envelope for the API). */
  tooLarge(c: Context): Response | Promise<Response>;
}

/**
 * Reads at most the group's limit of every request body, before any route sees it. A declared
 * Content-Length over the limit is refused unread; a chunked body is read only until it passes
 * the limit (hono's bodyLimit stops there). Either way the answer closes the connection, so the
 * server does not go on receiving, or draining, the rest of a huge body.
 *
 * `fallback` covers every path no group matches (pages, /health, unknown routes).
 */
export function limitBodies(groups: BodyLimitGroup[], fallback: Omit<BodyLimitGroup, 'matches'>): MiddlewareHandler {
  const limiters = new Map<Omit<BodyLimitGroup, 'matches'>, MiddlewareHandler>();
  const limiterFor = (group: Omit<BodyLimitGroup, 'matches'>) => {
    let limiter = limiters.get(group);
    if (!limiter) {
      limiter = bodyLimit({
        maxSize: group.maxBytes,
        onError: async (c) => closing(await group.tooLarge(c)),
      });
      limiters.set(group, limiter);
    }
    return limiter;
  };

  return async (c, next) => {
    const group = groups.find((g) => g.matches(c.req.path)) ?? fallback;
    // Decided from the method and headers alone: touching `c.req.raw.body` makes the Node binding
    // build a whole web Request and a stream over the socket (about 5 % of an execute call), while
    // a body left alone is later read straight from the socket by `c.req.json()`/`text()`.
    if (c.req.method === 'GET' || c.req.method === 'HEAD') {
      // GET and HEAD bodies are never read (the Node binding does not even expose them), so a
      // body sent with one would otherwise be drained after the answer: stop at the answer instead.
      const declared = Number(c.req.header('content-length') ?? 0);
      if (declared > group.maxBytes) return closing(await group.tooLarge(c));
      await next();
      if (c.req.header('transfer-encoding') !== undefined || declared > 0) markClosing(c);
      return;
    }
    const declared = c.req.header('content-length');
    if (declared !== undefined && c.req.header('transfer-encoding') === undefined) {
      // Node's parser ends the body at the declared length, so checking the number is enough.
      if (Number(declared) > group.maxBytes) return closing(await group.tooLarge(c));
      return next();
    }
    return limiterFor(group)(c, next);
  };
}

function markClosing(c: Context): void {
  try {
    c.res.headers.set('connection', 'close');
  } catch {
    // Some responses (e.g. Response.redirect) have immutable headers.
    c.res = closing(c.res);
  }
}

/** `Connection: close` makes the Node server end the socket once the answer is written. */
function closing(response: Response): Response {
  const headers = new Headers(response.headers);
  headers.set('connection', 'close');
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}
