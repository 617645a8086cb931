/**
 * Scrubbing of arguments and results before they are logged: values under secret-looking keys
 * and every occurrence of the call's own credentials are replaced, long strings and lists are
 * cut, and the whole document is bounded, so a log row never carries a secret or a megabyte.
 */

const SECRET_KEY = /pass(word|phrase)?|secret|token|api[_-]?key|apikey|authorization|cookie|credential|private[_-]?key|signature|session[_-]?key/i;
const MAX_STRING = 1_000;
const MAX_ITEMS = 50;
const MAX_DEPTH = 8;
export const MAX_LOGGED_CHARS = 16_000;
export const REDACTED = '[redacted]';

/** Secrets shorter than this are not searched for: they would match ordinary text. */
const MIN_SECRET_CHARS = 4;

export function redact(value: unknown, secrets: readonly string[] = []): unknown {
  const needles = needlesFor(secrets);
  const scrubbed = walk(value, needles, 0);
  const json = JSON.stringify(scrubbed) ?? 'null';
  if (json.length <= MAX_LOGGED_CHARS) return scrubbed;
  return { truncated: true, size_chars: json.length, preview: json.slice(0, MAX_LOGGED_CHARS / 4) };
}

function walk(value: unknown, secrets: readonly string[], depth: number): unknown {
  if (typeof value === 'string') return scrubString(value, secrets);
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return '[nested too deep]';
  if (Array.isArray(value)) {
    const items = value.slice(0, MAX_ITEMS).map((v) => walk(v, secrets, depth + 1));
    if (value.length > MAX_ITEMS) items.push(`[${value.length - MAX_ITEMS} more items]`);
    return items;
  }
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    out[key] = SECRET_KEY.test(key) && v !== null && v !== '' ? REDACTED : walk(v, secrets, depth + 1);
  }
  return out;
}

function scrubString(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  return out.length > MAX_STRING ? `${out.slice(0, MAX_STRING)}… [${out.length - MAX_STRING} more characters]` : out;
}

/** Error messages can quote request details; scrub credentials out of them too. */
export function redactText(text: string, secrets: readonly string[]): string {
  return scrubString(text, needlesFor(secrets));
}

/**
 * The strings to search for: each secret as it is, and as it appears when a provider echoes it
 * URL-encoded (a query string) or JSON-escaped (a JSON document quoted inside an error text).
 * Longest first, so a secret that contains another is replaced whole.
 */
export function needlesFor(secrets: readonly string[]): string[] {
  const out = new Set<string>();
  for (const secret of secrets) {
    if (secret.length < MIN_SECRET_CHARS) continue;
    out.add(secret);
    out.add(encodeURIComponent(secret));
    out.add(JSON.stringify(secret).slice(1, -1));
  }
  return [...out].sort((a, b) => b.length - a.length);
}
