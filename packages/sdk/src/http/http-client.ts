import { errorFromResponse } from '../errors/from-response.js';
import { ApiConnectionError, RequestTimeoutError } from '../errors/sdk-error.js';
import { retryDelayMs, shouldRetry } from './retry-policy.js';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
export type QueryValue = string | number | boolean | readonly string[] | null | undefined;

export interface HttpRequest {
  method: HttpMethod;
  /** Path below the base URL, e.g. `/api/v3.1/tool_router/session`. */
  path: string;
  query?: Record<string, QueryValue>;
  body?: unknown;
  /**
   * May this request be sent twice without harm? Defaults to true for GET, PUT and DELETE.
   * Only idempotent requests are retried unless the server says otherwise.
   */
  idempotent?: boolean;
  signal?: AbortSignal | undefined;
}

export interface HttpClientOptions {
  baseURL: string;
  apiKey: string;
  timeoutMs: number;
  maxRetries: number;
  retryBaseDelayMs: number;
  fetch: typeof fetch;
  headers: Record<string, string>;
}

export const SDK_VERSION = '0.1.0';

/** The one place the SDK talks HTTP: auth header, JSON, timeouts, retries and typed errors. */
export class HttpClient {
  readonly #o: HttpClientOptions;

  constructor(options: HttpClientOptions) {
    this.#o = { ...options, baseURL: options.baseURL.replace(/\/+$/, '') };
  }

  get baseURL(): string {
    return this.#o.baseURL;
  }

  async request<T>(req: HttpRequest): Promise<T> {
    const idempotent = req.idempotent ?? (req.method === 'GET' || req.method === 'PUT' || req.method === 'DELETE');
    const url = this.#url(req.path, req.query);
    const headers: Record<string, string> = {
      accept: 'application/json',
      'user-agent': `toolrouter-sdk/${SDK_VERSION}`,
      ...this.#o.headers,
      'x-api-key': this.#o.apiKey,
    };
    if (req.body !== undefined) headers['content-type'] = 'application/json';
    const body = req.body === undefined ? undefined : JSON.stringify(req.body);

    for (let attempt = 0; ; attempt++) {
      const canRetry = attempt < this.#o.maxRetries;
      const timeout = AbortSignal.timeout(this.#o.timeoutMs);
      const signal = req.signal ? AbortSignal.any([req.signal, timeout]) : timeout;
      let res: Response;
      try {
        res = await this.#o.fetch(url, { method: req.method, headers, body, signal });
      } catch (cause) {
        if (req.signal?.aborted) throw cause;
        const timedOut = timeout.aborted;
        if (canRetry && shouldRetry({ idempotent })) {
          await sleep(retryDelayMs(attempt, this.#o.retryBaseDelayMs));
          continue;
        }
        throw timedOut
          ? new RequestTimeoutError(`${req.method} ${req.path} got no response within ${this.#o.timeoutMs} ms`, { cause })
          : new ApiConnectionError(`${req.method} ${req.path} could not reach ${this.#o.baseURL}: ${messageOf(cause)}`, { cause });
      }

      if (res.ok) return (await readBody(res)) as T;

      const parsed = await readBody(res).catch(() => undefined);
      if (canRetry && shouldRetry({ idempotent, status: res.status, serverSays: res.headers.get('x-should-retry') })) {
        await sleep(retryDelayMs(attempt, this.#o.retryBaseDelayMs, res.headers));
        continue;
      }
      throw errorFromResponse(res.status, parsed, res.headers.get('x-request-id'));
    }
  }

  #url(path: string, query: HttpRequest['query']): string {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value === undefined || value === null) continue;
      // Lists travel comma-joined, as the reference client sends them.
      params.set(key, Array.isArray(value) ? value.join(',') : String(value));
    }
    const qs = params.toString();
    return `${this.#o.baseURL}${path}${qs ? `?${qs}` : ''}`;
  }
}

async function readBody(res: Response): Promise<unknown> {
  const text = await res.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const messageOf = (e: unknown) => {
  const cause = e instanceof Error && e.cause instanceof Error ? `: ${e.cause.message}` : '';
  return e instanceof Error ? `${e.message}${cause}` : String(e);
};
