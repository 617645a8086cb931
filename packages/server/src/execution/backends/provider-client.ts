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
}

export interface ProviderReply {
  ok: boolean;
  status: number;
  /** The parsed answer: JSON when it is JSON, else text; undefined when empty. */
  payload: unknown;
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
    const baseUrl = this.call.toolkit.base_url;
    if (!baseUrl) {
      const error = `Toolkit "${this.call.toolkit.slug}" has no base URL, so ${this.call.tool.slug} cannot be called.`;
      return { ok: false, status: 0, payload: undefined, outcome: { data: {}, error } };
    }
    const remaining = this.#deadline - this.now();
    if (remaining <= 0) {
      const error = `${this.call.tool.slug} ran out of time (${this.call.timeoutMs} ms) before all its requests were made.`;
      return { ok: false, status: 0, payload: undefined, outcome: { data: {}, error } };
    }
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
    applyAuth(this.call.credentials.auth, headers, query, cookies);
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
      return { ok: outcome.error === null, status: res.status, payload: parseBody(res), outcome };
    } catch (error) {
      const outcome = refusedOutcome(error);
      if (!outcome) throw error;
      return { ok: false, status: 0, payload: undefined, outcome };
    }
  }

  /** The parsed answer of a successful request; throws ProviderFailure (the error outcome) otherwise. */
  async json(request: ProviderRequest): Promise<unknown> {
    const reply = await this.send(request);
    if (!reply.ok) throw new ProviderFailure(reply.outcome);
    return reply.payload;
  }
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
