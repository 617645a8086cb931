import { lookup as dnsLookup } from 'node:dns/promises';
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { CallAbort } from './call-abort.js';
import { type AddressVerdict, checkAddresses, type EgressAllowlist, isIpLiteral, mergeAllowlists, normalizeHost, parseAllowlist } from './egress-policy.js';
import { deniedAddress, deniedHost, deniedRequest, NetworkError } from './errors.js';
import { describe, isDecodedEncoding, readCappedBody } from './read-body.js';
import { type HopRequest, initialRequest, outgoingHeaders, type RequestBody, type RequestHeaders, redirectRequest } from './request.js';

/**
 * The one client for all outbound HTTP. Built on node:http rather than global fetch because the
 * connection must go to the exact address the policy approved (no second DNS lookup that a
 * rebinding attacker could answer differently), and Node's bundled undici exposes no hook for
 * that without the `undici` package.
 */

/** Resolves a hostname to all of its addresses (IP literals as strings). */
export type HostLookup = (hostname: string) => Promise<readonly string[]>;

export const DEFAULT_TIMEOUT_MS = 30_000;
/** The longest a pooled socket waits idle for reuse (shorter when the server announces a keep-alive timeout). */
const IDLE_SOCKET_MS = 15_000;
export const DEFAULT_MAX_RESPONSE_BYTES = 10 * 1024 * 1024;
export const MAX_REDIRECTS = 5;

export interface GuardedFetchOptions {
  /** Operator allowlist (TOOLROUTER_EGRESS_ALLOW): hosts, IPs and CIDRs that may be private. */
  allow?: string | readonly string[];
  maxResponseBytes?: number;
  /** Total time for the whole call: DNS, every redirect hop and reading the body. */
  timeoutMs?: number;
  /** Replaces system DNS; tests use it to make arbitrary names resolve to loopback. */
  lookup?: HostLookup;
}

export interface GuardedRequestInit {
  method?: string;
  headers?: RequestHeaders;
  body?: RequestBody | null;
  signal?: AbortSignal;
  /** Hosts this call is bound to (the toolkit's base URL host); hostnames or URLs. */
  allowedHosts?: readonly string[];
  /** Extra allowlist entries for this call only, e.g. the project's allowlist. */
  allow?: string | readonly string[];
  maxResponseBytes?: number;
  timeoutMs?: number;
  /**
   * A redirect to a host outside `allowedHosts` is refused (`refuse`, the default), or handed back
   * unfollowed (`return`), e.g. a download link on a CDN that the caller may fetch itself.
   */
  offHostRedirect?: 'refuse' | 'return';
}

export interface GuardedResponse {
  readonly status: number;
  readonly statusText: string;
  readonly ok: boolean;
  readonly headers: Headers;
  /** The final URL, after redirects. */
  readonly url: string;
  readonly redirected: boolean;
  /** The decoded body (gzip/deflate/br already undone). */
  readonly body: Buffer;
  text(): string;
  json<T = unknown>(): T;
}

export type GuardedFetch = (url: string | URL, init?: GuardedRequestInit) => Promise<GuardedResponse>;

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);

const systemLookup: HostLookup = async (hostname) => (await dnsLookup(hostname, { all: true, verbatim: true })).map((a) => a.address);

/**
 * Results of pure functions that every call would otherwise recompute from the same few inputs
 * (a toolkit's host, the project's allowlist): parsing IP literals and allowlists takes more CPU
 * than the rest of the client's own work. Bounded: cleared when full, so odd inputs cannot grow it.
 */
class Memo<K, V> {
  readonly #values = new Map<K, V>();
  constructor(readonly max: number) {}
  get(key: K, compute: (key: K) => V): V {
    let value = this.#values.get(key);
    if (value === undefined && !this.#values.has(key)) {
      value = compute(key);
      if (this.#values.size >= this.max) this.#values.clear();
      this.#values.set(key, value);
    }
    return value as V;
  }
}

const normalizedHosts = new Memo<string, { host: string; literal: boolean }>(1_000);

/** `normalizeHost` and whether the result is an IP literal, remembered per spelling. */
function hostInfo(hostname: string): { host: string; literal: boolean } {
  return normalizedHosts.get(hostname, (h) => {
    const host = normalizeHost(h);
    return { host, literal: isIpLiteral(host) };
  });
}

/** Accepts `api.example.com`, `[::1]` or a full URL such as a toolkit's base URL. */
const allowedHostOf = new Memo<string, string>(1_000);
function hostOf(entry: string): string {
  return allowedHostOf.get(entry, (e) => normalizeHost(e.includes('://') ? new URL(e).hostname : e));
}

/** Settles with `promise`, or rejects as soon as `abort` fires (DNS lookups cannot be cancelled). */
function untilAborted<T>(promise: Promise<T>, abort: CallAbort, onAbort: () => Error): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (abort.aborted) return reject(onAbort());
    const forget = abort.onAbort(() => reject(onAbort()));
    promise.then(resolve, reject).finally(forget);
  });
}

function toResponse(res: IncomingMessage, url: URL, redirected: boolean, body: Buffer): GuardedResponse {
  const headers = new Headers();
  const raw = res.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    try {
      headers.append(raw[i] ?? '', raw[i + 1] ?? '');
    } catch {
      // A header the WHATWG Headers class rejects cannot be represented; drop it.
    }
  }
  // The body is already decoded, so these would describe bytes the caller never sees.
  if (isDecodedEncoding(res.headers['content-encoding'])) {
    headers.delete('content-encoding');
    headers.delete('content-length');
  }
  const status = res.statusCode ?? 0;
  const text = () => new TextDecoder().decode(body);
  return {
    status,
    statusText: res.statusMessage ?? '',
    ok: status >= 200 && status < 300,
    headers,
    url: url.href,
    redirected,
    body,
    text,
    json: <T>() => JSON.parse(text()) as T,
  };
}

export function createGuardedFetch(options: GuardedFetchOptions = {}): GuardedFetch {
  const baseAllowlist = parseAllowlist(options.allow);
  const lookup = options.lookup ?? systemLookup;
  // Own keep-alive pools: sockets are keyed by the pinned IP (and SNI name), so reuse never
  // reaches an address that was not checked. An idle socket is closed before the server would close
  // it: Node's agent honours a `Keep-Alive: timeout=N` hint (closing a second early) only when the
  // agent has a timeout of its own, and without one a POST could be written to a socket the server
  // had just closed (ECONNRESET, which only idempotent methods may retry).
  const pool = { keepAlive: true, timeout: IDLE_SOCKET_MS };
  const agents = { http: new http.Agent(pool), https: new https.Agent(pool) };
  // The base list merged with a call's own entries, per spelling of those entries (a project's list
  // is the same on every call). Only lists that parsed are kept: an invalid one throws every time.
  const mergedAllowlists = new Memo<string, EgressAllowlist>(256);
  const allowlistFor = (allow: string | readonly string[] | undefined): EgressAllowlist =>
    allow === undefined
      ? baseAllowlist
      : mergedAllowlists.get(typeof allow === 'string' ? `s${allow}` : `a${JSON.stringify(allow)}`, () =>
          mergeAllowlists(baseAllowlist, parseAllowlist(allow)),
        );
  // checkAddresses is pure given the list, and lists are never mutated, so verdicts are kept per list object.
  const verdicts = new WeakMap<EgressAllowlist, Memo<string, AddressVerdict>>();
  const verdictFor = (host: string, addresses: readonly string[], allowlist: EgressAllowlist): AddressVerdict => {
    let memo = verdicts.get(allowlist);
    if (!memo) verdicts.set(allowlist, (memo = new Memo(512)));
    return memo.get(`${host}\0${addresses.join('\0')}`, () => checkAddresses(host, addresses, allowlist));
  };

  return async function guardedFetch(input, init = {}) {
    const allowlist = allowlistFor(init.allow);
    const allowedHosts = init.allowedHosts?.map(hostOf);
    const timeoutMs = init.timeoutMs ?? options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const maxBytes = init.maxResponseBytes ?? options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;

    let url: URL;
    try {
      url = new URL(input);
    } catch {
      throw deniedRequest('Outbound request refused: the URL is not valid.', 'Pass an absolute http(s) URL.');
    }
    let current = url.host; // the hop in flight, for error messages

    const abort = new CallAbort();
    const timer = setTimeout(() => {
      abort.abort(new NetworkError('timeout', `Request to ${current} timed out after ${timeoutMs} ms.`, { host: current }));
    }, timeoutMs);
    const unfollow = init.signal ? abort.follow(init.signal) : undefined;
    const abortError = (): Error =>
      abort.reason instanceof NetworkError
        ? abort.reason
        : new NetworkError('aborted', `Request to ${current} was aborted.`, { host: current, cause: abort.reason });

    /** Policy checks for one hop; returns the address to connect to. */
    async function approve(target: URL, redirect: boolean): Promise<string> {
      if (target.protocol !== 'http:' && target.protocol !== 'https:') {
        throw deniedRequest(`Outbound request refused: ${target.protocol} URLs are not allowed, only http and https.`, 'Use an http(s) URL.');
      }
      if (target.username !== '' || target.password !== '') {
        throw deniedRequest(`Outbound request to ${target.host} refused: the URL contains credentials.`, 'Send credentials in headers, not in the URL.');
      }
      const { host, literal } = hostInfo(target.hostname);
      if (allowedHosts !== undefined && !allowedHosts.includes(host)) {
        throw deniedHost(host, allowedHosts, redirect);
      }
      let addresses: readonly string[];
      if (literal) {
        addresses = [host];
      } else {
        try {
          addresses = await untilAborted(lookup(host), abort, abortError);
        } catch (error) {
          if (abort.aborted) throw abortError();
          throw new NetworkError('connection', `Could not resolve ${host}: ${describe(error)}`, { host, cause: error });
        }
      }
      const verdict = verdictFor(host, addresses, allowlist);
      if (!verdict.allowed) throw deniedAddress(host, verdict.address, verdict.range, redirect);
      const [first] = addresses;
      if (first === undefined) throw new NetworkError('connection', `Could not resolve ${host}: no addresses.`, { host });
      return first;
    }

    function send(target: URL, address: string, req: HopRequest, retryStale = true): Promise<IncomingMessage> {
      const secure = target.protocol === 'https:';
      const { literal } = hostInfo(target.hostname);
      return new Promise((resolve, reject) => {
        const request = (secure ? https : http).request({
          host: address, // pinned: the approved address, never re-resolved
          port: target.port === '' ? (secure ? 443 : 80) : Number(target.port),
          path: `${target.pathname}${target.search}`,
          method: req.method,
          headers: outgoingHeaders(req, target),
          agent: secure ? agents.https : agents.http,
          // Certificate checks use servername when set, so TLS still verifies the real hostname.
          ...(secure && !literal ? { servername: hostInfo(target.hostname).host } : {}),
        });
        // An abort before the response ends the request; after it, readCappedBody ends the body.
        const forgetAbort = abort.onAbort(() => request.destroy(abortError()));
        request.once('response', (res) => {
          forgetAbort();
          resolve(res);
        });
        request.once('error', (error) => {
          forgetAbort();
          // A kept-alive socket the server closed while idle fails at once with ECONNRESET. For
          // idempotent methods one more try on a fresh socket is safe (as undici does); others fail.
          if (retryStale && IDEMPOTENT.has(req.method) && request.reusedSocket && (error as NodeJS.ErrnoException).code === 'ECONNRESET' && !abort.aborted) {
            resolve(send(target, address, req, false));
            return;
          }
          reject(
            abort.aborted
              ? abortError()
              : new NetworkError('connection', `Could not reach ${target.host}: ${describe(error)}`, {
                  host: target.host,
                  cause: error,
                }),
          );
        });
        request.end(req.body);
      });
    }

    try {
      let req = initialRequest(init.method, init.headers, init.body);
      for (let hop = 0; ; hop++) {
        current = url.host;
        if (abort.aborted) throw abortError();
        const address = await approve(url, hop > 0);
        const res = await send(url, address, req);
        const status = res.statusCode ?? 0;
        const location = res.headers.location;
        if (!REDIRECT_STATUSES.has(status) || location === undefined) {
          const body = await readCappedBody(res, { host: url.host, maxBytes, abort, onAbortError: abortError });
          return toResponse(res, url, hop > 0, body);
        }
        res.destroy(); // a redirect's body is never needed
        if (hop >= MAX_REDIRECTS) {
          throw new NetworkError('too_many_redirects', `Too many redirects: gave up after ${MAX_REDIRECTS}, the last one from ${url.host}.`, {
            host: url.host,
          });
        }
        let next: URL;
        try {
          next = new URL(location, url);
        } catch {
          throw new NetworkError('connection', `${url.host} sent a redirect with an invalid Location.`, { host: url.host });
        }
        if (init.offHostRedirect === 'return' && allowedHosts !== undefined && !allowedHosts.includes(normalizeHost(next.hostname))) {
          return toResponse(res, url, hop > 0, Buffer.alloc(0));
        }
        req = redirectRequest(req, status, url, next);
        url = next;
      }
    } finally {
      clearTimeout(timer);
      unfollow?.();
    }
  };
}
