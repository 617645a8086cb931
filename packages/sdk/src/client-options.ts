import { ToolRouterConfigError } from './errors/sdk-error.js';
import type { HttpClientOptions } from './http/http-client.js';

export interface ToolRouterOptions {
  /** Project API key. Default: the `TOOLROUTER_API_KEY` environment variable. */
  apiKey?: string;
  /** Server origin (a path prefix is kept). Default: `TOOLROUTER_BASE_URL`, else `http://localhost:8080`. */
  baseURL?: string;
  /** Per-attempt timeout. Default 60 000 ms. */
  timeoutMs?: number;
  /** Extra attempts for requests that may be retried (see README, "Errors and retries"). Default 2. */
  maxRetries?: number;
  /** First backoff delay; it doubles per attempt unless the server sends `retry-after`. Default 500 ms. */
  retryBaseDelayMs?: number;
  /** Replaces the global `fetch` (for proxies, tracing or tests). */
  fetch?: typeof fetch;
  /** Sent with every request. */
  headers?: Record<string, string>;
}

export const DEFAULT_BASE_URL = 'http://localhost:8080';

function env(name: string): string | undefined {
  // Read through globalThis so the SDK also loads where `process` does not exist (browsers, workers).
  const value = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.[name];
  return value?.trim() ? value.trim() : undefined;
}

/** Explicit options first, then the environment, then defaults; fails with a message saying what to set. */
export function resolveClientOptions(options: ToolRouterOptions): HttpClientOptions {
  const apiKey = options.apiKey?.trim() || env('TOOLROUTER_API_KEY');
  if (!apiKey) {
    throw new ToolRouterConfigError('No API key: pass `apiKey` to new ToolRouter({ apiKey }) or set TOOLROUTER_API_KEY.');
  }
  const baseURL = options.baseURL ?? env('TOOLROUTER_BASE_URL') ?? DEFAULT_BASE_URL;
  let parsed: URL;
  try {
    parsed = new URL(baseURL);
  } catch {
    throw new ToolRouterConfigError(`baseURL "${baseURL}" is not a URL; use the server origin, e.g. http://localhost:8080.`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new ToolRouterConfigError(`baseURL must use http or https, not ${parsed.protocol}`);
  }
  const positive = (name: string, value: number | undefined, fallback: number, min: number) => {
    if (value === undefined) return fallback;
    if (!Number.isFinite(value) || value < min) throw new ToolRouterConfigError(`${name} must be a number ≥ ${min}`);
    return value;
  };
  const fetchImpl = options.fetch ?? globalThis.fetch;
  if (typeof fetchImpl !== 'function') {
    throw new ToolRouterConfigError('No fetch implementation: use Node.js 20 or newer, or pass `fetch`.');
  }
  return {
    apiKey,
    baseURL,
    timeoutMs: positive('timeoutMs', options.timeoutMs, 60_000, 1),
    maxRetries: positive('maxRetries', options.maxRetries, 2, 0),
    retryBaseDelayMs: positive('retryBaseDelayMs', options.retryBaseDelayMs, 500, 0),
    fetch: fetchImpl,
    headers: options.headers ?? {},
  };
}
