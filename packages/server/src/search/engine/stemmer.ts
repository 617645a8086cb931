import { stem as porter2 } from 'porter2';

/**
 * Porter2 (Snowball English) stemming, memoised. Tool vocabularies are small and repetitive (the same
 * few thousand words across tens of thousands of tools), so a cache turns stemming into a map lookup.
 * The cache is bounded so a stream of unique query words cannot grow it without limit.
 */
const MAX_CACHE = 100_000;
const cache = new Map<string, string>();

export function stem(word: string): string {
  const hit = cache.get(word);
  if (hit !== undefined) return hit;
  // Numbers and mixed tokens (ids, versions) are left alone: stemming "v2" or "2021" only adds noise.
  const out = /^[a-z]+$/.test(word) ? porter2(word) : word;
  if (cache.size >= MAX_CACHE) cache.clear();
  cache.set(word, out);
  return out;
}
