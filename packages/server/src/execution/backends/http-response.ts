import type { GuardedResponse } from '../../net/index.js';
import type { BackendOutcome } from './backend.js';

const ERROR_BODY_CHARS = 600;

/**
 * Turns a provider response into `{data, error}`. A JSON object becomes `data` itself; any other
 * payload is wrapped as `{response_data}` because `data` must always be an object. Errors name
 * the status, the host and a trimmed body, and surface Retry-After for rate limits.
 */
export function shapeHttpResponse(res: GuardedResponse): BackendOutcome {
  const payload = parseBody(res);
  const location = res.headers.get('location');
  if (res.status >= 300 && res.status < 400 && location) {
    // A redirect to another host (a download link, say) is not followed with the user's credentials.
    return {
      data: { status_code: res.status, location, message: 'The provider answered with a link on another host; fetch it directly if you need the content.' },
      error: null,
    };
  }
  if (res.ok) {
    return { data: isPlainObject(payload) ? payload : payload === undefined ? {} : { response_data: payload }, error: null };
  }
  const host = safeHost(res.url);
  const data: Record<string, unknown> = { status_code: res.status, ...(payload === undefined ? {} : { body: payload }) };
  let error = `${res.status}${res.statusText ? ` ${res.statusText}` : ''} from ${host}`;
  const excerpt = trimmed(res.text());
  if (excerpt) error += `: ${excerpt}`;
  if (res.status === 429) {
    const retryAfter = retryAfterSeconds(res.headers.get('retry-after'));
    if (retryAfter !== undefined) data['retry_after_seconds'] = retryAfter;
    error += retryAfter !== undefined ? ` (rate limited: retry after ${retryAfter} s)` : ' (rate limited: wait before retrying)';
  }
  return { data, error, ...(res.status === 401 ? { unauthorized: true } : {}) };
}

/** The body as JSON when it is JSON, else as text; undefined when empty. */
export function parseBody(res: GuardedResponse): unknown {
  if (res.body.length === 0) return undefined;
  const text = res.text();
  const type = res.headers.get('content-type') ?? '';
  if (type.includes('json') || /^\s*[[{]/.test(text)) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      // Not JSON after all: hand back the text.
    }
  }
  return text;
}

/** Seconds from a Retry-After header (delta seconds or an HTTP date). */
export function retryAfterSeconds(header: string | null): number | undefined {
  if (!header) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim());
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}

function trimmed(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > ERROR_BODY_CHARS ? `${flat.slice(0, ERROR_BODY_CHARS)}…` : flat;
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the provider';
  }
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
