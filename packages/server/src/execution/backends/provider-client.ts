import type { GuardedFetch } from '../../net/index.js';
import type { BackendCall, BackendOutcome } from './backend.js';
import { refusedOutcome } from './http-backend.js';
import { ACCEPT, applyAuth, joinUrl } from './http-request.js';
import { parseBody, shapeHttpResponse } from './http-response.js';

/** One request a curated tool makes to its toolkit's API. */
export interface ProviderRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD' | 'OPTIONS';
  /** Path below the toolkit's base URL, already encoded, e.g. `/gmail/v1/users/me/messages`. */
  path: string;
  /** Undefined and null values are left out; arrays repeat the parameter. */
  query?: Record<string, unknown>;
  headers?: Record<string, string>;
  /** JSON-encoded unless `contentType` is form-urlencoded (then an object of fields) or the body is a string. */
  body?: unknown;
  contentType?: string;
  /**
   * One of the tool binding's named `origins` to call instead of the toolkit's base URL (the Drive API
   * for a Docs tool). `originLabel` fills the `*` of a per-tenant origin (`https://*.supabase.co`).
   */
  origin?: string;
  originLabel?: string;
  /**
   * false: send none of the account's credentials (the request carries its own, e.g. a project key
   * fetched with them). Default true.
   */
  credentials?: boolean;
}

export interface ProviderReply {
  ok: boolean;
  status: number;
  /** The parsed answer: JSON when it is JSON, else text; undefined when empty. */
  payload: unknown;
  /** The raw bytes of the answer (for binary answers such as a PDF export). */
  bytes: Uint8Array;
  /** What the tool returns if it gives up here: the provider's error, readable, or the payload as data. */
  outcome: BackendOutcome;
}

/** Thrown by `ProviderClient.json` when the provider refused: the tool returns this outcome as is. */
export class ProviderFailure extends Error {
  constructor(readonly outcome: BackendOutcome) {
    super(outcome.error ?? 'provider request failed');
  }
}

/**
 * The API of one call's toolkit, with the account's credentials, for curated tools (templates and
 * functions). Every request goes through the guarded client bound to the toolkit's host, like HTTP
 * tools; all requests of one call share the call's time budget. A 401 on any request is reported
 * so the runner renews the credentials and runs the tool again.
 */
export class ProviderClient {
  readonly #deadline: number;
  #unauthorized = false;

  constructor(
    private readonly http: GuardedFetch,
    private readonly call: BackendCall,
    private readonly now: () => number = Date.now,
  ) {
    this.#deadline = now() + call.timeoutMs;
  }

  /** Whether any request so far was refused with 401 (credentials need renewing). */
  get unauthorized(): boolean {
    return this.#unauthorized;
  }

  async send(request: ProviderRequest): Promise<ProviderReply> {
    const baseUrl = request.origin === undefined ? this.call.toolkit.base_url : this.#origin(request.origin, request.originLabel);
    if (!baseUrl) {
      const error =
        request.origin === undefined
          ? `Toolkit "${this.call.toolkit.slug}" has no base URL, so ${this.call.tool.slug} cannot be called.`
          : `${this.call.tool.slug} cannot reach its "${request.origin}" origin with ${JSON.stringify(request.originLabel ?? '')}.`;
      return failed(error);
    }
    const remaining = this.#deadline - this.now();
    if (remaining <= 0) return failed(`${this.call.tool.slug} ran out of time (${this.call.timeoutMs} ms) before all its requests were made.`);
    const headers: Record<string, string> = { accept: ACCEPT };
    for (const [name, value] of Object.entries(request.headers ?? {})) headers[name.toLowerCase()] = value;
    const query = new URLSearchParams();
    for (const [name, value] of Object.entries(request.query ?? {})) {
      if (value === undefined || value === null) continue;
      for (const item of Array.isArray(value) ? value : [value]) query.append(name, scalar(item));
    }
    let body: string | URLSearchParams | undefined;
    if (request.body !== undefined) {
      const type = request.contentType ?? 'application/json';
      const supplied = this.call.credentials.auth;
      // The caller's custom_auth_params.body fields join an object body (credentials win, as below).
      const withSupplied =
        supplied.mode === 'CUSTOM' && supplied.body && typeof request.body === 'object' && request.body !== null && !Array.isArray(request.body)
          ? { ...request.body, ...supplied.body }
          : request.body;
      body = encodeBody(withSupplied, type);
      headers['content-type'] = type;
    }
    const cookies: string[] = [];
    // Credentials last, so nothing a tool builds can replace them.
    if (request.credentials !== false) applyAuth(this.call.credentials.auth, headers, query, cookies);
    if (cookies.length > 0) headers['cookie'] = cookies.join('; ');
    const qs = query.toString();
    const url = `${joinUrl(baseUrl, request.path)}${qs ? `${request.path.includes('?') ? '&' : '?'}${qs}` : ''}`;
    try {
      const res = await this.http(url, {
        method: request.method,
        headers,
        body: body ?? null,
        allowedHosts: [baseUrl],
        allow: this.call.egressAllow,
        timeoutMs: remaining,
        offHostRedirect: 'return',
      });
      const outcome = shapeHttpResponse(res);
      if (outcome.unauthorized) this.#unauthorized = true;
      return { ok: outcome.error === null, status: res.status, payload: parseBody(res), bytes: res.body, outcome };
    } catch (error) {
      const outcome = refusedOutcome(error);
      if (!outcome) throw error;
      return { ok: false, status: 0, payload: undefined, bytes: EMPTY, outcome };
    }
  }

  /**
   * The URL of one of the binding's named origins; a `*` label is filled with `label`, which must be
   * one DNS label (so a tenant value cannot point the request, and the credentials, elsewhere).
   */
  #origin(name: string, label: string | undefined): string | undefined {
    const binding = this.call.tool.binding;
    const pattern = binding.kind === 'function' ? binding.origins?.[name] : undefined;
    if (pattern === undefined) return undefined;
    if (!pattern.includes('*')) return pattern;
    if (label === undefined || !/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(label)) return undefined;
    return pattern.replace('*', label);
  }

  /** The parsed answer of a successful request; throws ProviderFailure (the error outcome) otherwise. */
  async json(request: ProviderRequest): Promise<unknown> {
    const reply = await this.send(request);
    if (!reply.ok) throw new ProviderFailure(reply.outcome);
    return reply.payload;
  }
}

const EMPTY = new Uint8Array(0);

function failed(error: string): ProviderReply {
  return { ok: false, status: 0, payload: undefined, bytes: EMPTY, outcome: { data: {}, error } };
}

function scalar(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return JSON.stringify(value);
}

function encodeBody(body: unknown, type: string): string | URLSearchParams {
  if (type.includes('x-www-form-urlencoded') && body !== null && typeof body === 'object') {
    const form = new URLSearchParams();
    for (const [name, value] of Object.entries(body as Record<string, unknown>)) {
      if (value === undefined || value === null) continue;
      for (const item of Array.isArray(value) ? value : [value]) form.append(name, scalar(item));
    }
    return form;
  }
  if (typeof body === 'string' && !type.includes('json')) return body;
  return JSON.stringify(body);
}
