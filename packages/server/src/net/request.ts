import { deniedRequest } from './errors.js';
import { ACCEPT_ENCODING } from './read-body.js';

/**
 * Shaping of the request sent on each hop: body encoding, the headers we control, and what a
 * redirect keeps. Bodies are buffered (not streamed) so a 307/308 can replay them.
 */

export type RequestBody = string | Uint8Array | ArrayBuffer | URLSearchParams;
export type RequestHeaders = ConstructorParameters<typeof Headers>[0];

export interface HopRequest {
  readonly method: string;
  readonly headers: Headers;
  readonly body: Buffer | undefined;
}

export const USER_AGENT = 'toolrouter';

// Headers the client sets itself; a caller-supplied Host in particular could otherwise steer a
// request for one virtual host onto the checked address of another.
const MANAGED = new Set([
  'host',
  'content-length',
  'transfer-encoding',
  'connection',
  'keep-alive',
  'upgrade',
  'te',
  'trailer',
  'proxy-connection',
  'expect',
  'accept-encoding',
]);

// Only these survive a redirect to another origin. An allowlist rather than a denylist, because
// credentials are not only Authorization/Cookie: toolkits also send X-Api-Key and friends.
const CROSS_ORIGIN_SAFE = new Set(['accept', 'accept-language', 'content-language', 'content-type', 'user-agent']);

const BODY_HEADERS = ['content-type', 'content-language', 'content-encoding', 'content-location'];

function encodeBody(body: RequestBody | null | undefined): { bytes: Buffer; type?: string } | undefined {
  if (body === null || body === undefined) return undefined;
  if (typeof body === 'string') return { bytes: Buffer.from(body), type: 'text/plain;charset=UTF-8' };
  if (body instanceof URLSearchParams) {
    return { bytes: Buffer.from(body.toString()), type: 'application/x-www-form-urlencoded;charset=UTF-8' };
  }
  if (body instanceof ArrayBuffer) return { bytes: Buffer.from(body) };
  if (ArrayBuffer.isView(body)) return { bytes: Buffer.from(body.buffer, body.byteOffset, body.byteLength) };
  throw new TypeError('guardedFetch: body must be a string, Uint8Array, ArrayBuffer or URLSearchParams.');
}

export function initialRequest(method: string | undefined, headers: RequestHeaders | undefined, body: RequestBody | null | undefined): HopRequest {
  const m = (method ?? 'GET').toUpperCase();
  const h = new Headers(headers);
  const encoded = encodeBody(body);
  if (encoded && (m === 'GET' || m === 'HEAD')) throw new TypeError(`guardedFetch: a ${m} request cannot have a body.`);
  if (encoded?.type !== undefined && !h.has('content-type')) h.set('content-type', encoded.type);
  return { method: m, headers: h, body: encoded?.bytes };
}

/** Plain header object for node:http, with Host pinned to the URL being requested. */
export function outgoingHeaders(req: HopRequest, url: URL): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of req.headers) if (!MANAGED.has(name)) out[name] = value;
  out['host'] = url.host;
  // We decode these ourselves (and count decoded bytes against the cap); anything else, e.g.
  // zstd, we could not decode, so the caller's Accept-Encoding is replaced.
  out['accept-encoding'] = ACCEPT_ENCODING;
  out['user-agent'] ??= USER_AGENT;
  if (req.body !== undefined) out['content-length'] = String(req.body.length);
  return out;
}

/** The request for the next hop, following fetch's method rules; throws on an https downgrade. */
export function redirectRequest(prev: HopRequest, status: number, from: URL, to: URL): HopRequest {
  if (from.protocol === 'https:' && to.protocol === 'http:') {
    throw deniedRequest(`Redirect from ${from.host} to ${to.host} refused: it would downgrade https to http.`, 'Request the final https URL directly.');
  }
  let { method, body } = prev;
  let headers = new Headers(prev.headers);
  if ((status === 303 && method !== 'HEAD') || ((status === 301 || status === 302) && method === 'POST')) {
    method = 'GET';
    body = undefined;
    for (const name of BODY_HEADERS) headers.delete(name);
  }
  if (from.origin !== to.origin) {
    const kept = new Headers();
    for (const [name, value] of headers) if (CROSS_ORIGIN_SAFE.has(name)) kept.set(name, value);
    headers = kept;
  }
  return { method, headers, body };
}
