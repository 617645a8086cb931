import { describe, expect, it } from 'vitest';
import { MAX_LOGGED_CHARS, REDACTED, redact, redactText } from './redact.js';

describe('redact', () => {
  it('masks values under secret-looking keys and every occurrence of the call credentials', () => {
    const out = redact({ password: 'p', nested: { api_key: 'k', Authorization: 'Bearer t' }, note: 'token is tok_abcdef here', ok: 1 }, ['tok_abcdef']);
    expect(out).toEqual({ password: REDACTED, nested: { api_key: REDACTED, Authorization: REDACTED }, note: `token is ${REDACTED} here`, ok: 1 });
    expect(redactText('failed with tok_abcdef', ['tok_abcdef'])).toBe(`failed with ${REDACTED}`);
  });

  it('finds a secret also URL-encoded or JSON-escaped, and replaces a longer secret whole', () => {
    const secret = 'k&y"/+ 9Zq';
    const text = `q=${encodeURIComponent(secret)} body={"k":${JSON.stringify(secret)}} raw=${secret}`;
    expect(redactText(text, [secret])).toBe(`q=${REDACTED} body={"k":"${REDACTED}"} raw=${REDACTED}`);
    expect(redactText('Token abcdef123', ['abcdef', 'Token abcdef123'])).toBe(REDACTED);
  });

  it('bounds strings, lists, depth and the whole document', () => {
    const long = redact({ s: 'x'.repeat(5_000), list: Array.from({ length: 80 }, (_, i) => i) }) as { s: string; list: unknown[] };
    expect(long.s.length).toBeLessThan(1_100);
    expect(long.list).toHaveLength(51);
    const deep = redact({ a: { b: { c: { d: { e: { f: { g: { h: { i: 1 } } } } } } } } });
    expect(JSON.stringify(deep)).toContain('nested too deep');
    const huge = redact(Array.from({ length: 40 }, () => ({ text: 'y'.repeat(900) }))) as { truncated: boolean; preview: string };
    expect(huge.truncated).toBe(true);
    expect(JSON.stringify(huge).length).toBeLessThan(MAX_LOGGED_CHARS);
  });
});
