// Small helpers shared by scripts/bench-search.mjs and its worker: logging, hashing, percentiles, formatting.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Progress goes to stderr so stdout carries only the results. */
export const log = (message) => process.stderr.write(`[bench:search] ${message}\n`);

export function run(command, args, options = {}) {
  return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 256 * 1024 * 1024, ...options });
}

/** Deterministic 32-bit FNV-1a hash: reproducible orders and samples without a seeded RNG. */
export function fnv1a(text) {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** `items` in a stable pseudo-random order keyed by `keyOf` (ties broken by key, so the order is total). */
export function hashOrder(items, keyOf, salt = '') {
  const keyed = items.map((item) => ({ item, key: keyOf(item), h: fnv1a(salt + keyOf(item)) }));
  keyed.sort((a, b) => a.h - b.h || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return keyed.map((k) => k.item);
}

/** Nearest-rank percentile of an ascending array (p in 0..100). */
export function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

/** p50/p90/p99/max/mean of a list of durations in ms. */
export function summarize(durations) {
  const sorted = Float64Array.from(durations).sort();
  const sum = sorted.reduce((a, b) => a + b, 0);
  return {
    n: sorted.length,
    mean: sum / sorted.length,
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1],
  };
}

export const mb = (bytes) => bytes / 1024 / 1024;
export const fmtInt = (n) => Math.round(n).toLocaleString('en-US');

export function fmtMs(ms) {
  if (!Number.isFinite(ms)) return 'n/a';
  if (ms < 10) return `${ms.toFixed(3)} ms`;
  if (ms < 1000) return `${ms.toFixed(1)} ms`;
  return `${(ms / 1000).toFixed(2)} s`;
}

/**
 * The URL a spawned `toolrouter serve` prints once it listens; fails if it exits first or takes longer
 * than `timeoutMs`. `output()` is everything it printed so far (for error messages).
 */
export function listeningUrl(child, timeoutMs) {
  let output = '';
  const url = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start within ${timeoutMs / 1000} s:\n${output}`)), timeoutMs);
    const onData = (chunk) => {
      output += chunk;
      const match = /Tool Router listening on (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (code ${code}) before listening:\n${output}`));
    });
  });
  return { url, output: () => output };
}
