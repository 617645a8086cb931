/** Statuses worth retrying when the request may safely be sent twice. */
const TRANSIENT_STATUSES = new Set([408, 429, 500, 502, 503, 504]);

/**
 * Whether a failed attempt may be repeated. The server decides when it says so
 * (`x-should-retry: true|false`); otherwise only idempotent requests are repeated, and only for
 * transient statuses — repeating a tool execution that failed half-way could run it twice.
 */
export function shouldRetry(opts: { idempotent: boolean; status?: number; serverSays?: string | null }): boolean {
  if (opts.serverSays === 'true') return true;
  if (opts.serverSays === 'false') return false;
  if (!opts.idempotent) return false;
  return opts.status === undefined || TRANSIENT_STATUSES.has(opts.status);
}

const MAX_DELAY_MS = 30_000;

/**
 * How long to wait before attempt `attempt + 1`: what the server asked for (`retry-after-ms`,
 * `retry-after` in seconds or as a date), else exponential backoff with jitter.
 */
export function retryDelayMs(attempt: number, baseMs: number, headers?: Headers, now: () => number = Date.now): number {
  const ms = Number(headers?.get('retry-after-ms'));
  if (headers?.has('retry-after-ms') && Number.isFinite(ms) && ms >= 0) return Math.min(ms, MAX_DELAY_MS);
  const after = headers?.get('retry-after');
  if (after) {
    const seconds = Number(after);
    if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds * 1000, MAX_DELAY_MS);
    const date = Date.parse(after);
    if (!Number.isNaN(date)) return Math.min(Math.max(0, date - now()), MAX_DELAY_MS);
  }
  const backoff = baseMs * 2 ** attempt;
  return Math.min(backoff * (0.75 + Math.random() * 0.5), MAX_DELAY_MS);
}
