import type { LearnedQuery } from '../types.js';
import { tokenize } from './tokenizer.js';

/** A tool's learned expansion reduced to weighted terms: what gets indexed as its `learned` field. */
export interface LearnedSummary {
  terms: string[];
  /** Accumulated weight of each term: Σ over kept queries of query weight × occurrences. */
  weights: number[];
  /** Field length used for BM25 length normalisation: Σ of `weights`. */
  length: number;
}

/**
 * Bounds and folds past queries into a term distribution (doc2query-style). Only the `maxQueries`
 * heaviest queries count (recent usage outweighs old), and only the `maxTerms` heaviest terms are kept, so
 * a popular tool cannot grow its document without limit. Queries with non-positive weight are ignored.
 */
export function summarizeLearned(queries: readonly LearnedQuery[], maxQueries: number, maxTerms: number): LearnedSummary | undefined {
  const usable = queries
    .filter((q) => Number.isFinite(q.weight) && q.weight > 0 && q.text.trim().length > 0)
    .sort((a, b) => b.weight - a.weight || (a.text < b.text ? -1 : a.text > b.text ? 1 : 0))
    .slice(0, Math.max(0, maxQueries));
  const acc = new Map<string, number>();
  for (const q of usable) {
    for (const t of tokenize(q.text)) acc.set(t, (acc.get(t) ?? 0) + q.weight);
  }
  if (acc.size === 0) return undefined;
  const kept = [...acc.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).slice(0, Math.max(0, maxTerms));
  if (kept.length === 0) return undefined;
  const terms = kept.map((e) => e[0]);
  const weights = kept.map((e) => e[1]);
  return { terms, weights, length: weights.reduce((s, w) => s + w, 0) };
}
