import type { SearchHit } from '../types.js';

/**
 * Reciprocal-rank fusion of lexical and dense rankings: robust to the two scores living on
 * different scales, and a tool ranked well by either list rises. `k` dampens the head of each list;
 * `denseWeight` tilts the blend (1 = equal say).
 */
export function fuseRankings(lexical: readonly SearchHit[], dense: readonly SearchHit[], limit: number, options: { k?: number; denseWeight?: number } = {}): SearchHit[] {
  const k = options.k ?? 60;
  const w = options.denseWeight ?? 1;
  const scores = new Map<string, number>();
  lexical.forEach((h, i) => scores.set(h.slug, (scores.get(h.slug) ?? 0) + 1 / (k + i + 1)));
  dense.forEach((h, i) => scores.set(h.slug, (scores.get(h.slug) ?? 0) + w / (k + i + 1)));
  return [...scores.entries()]
    .map(([slug, score]) => ({ slug, score }))
    .sort((a, b) => b.score - a.score || (a.slug < b.slug ? -1 : 1))
    .slice(0, limit);
}
