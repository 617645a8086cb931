import type { SearchHit } from '../types.js';

/**
 * The dense share of a fused score when the operator sets none (TOOLROUTER_EMBEDDINGS_WEIGHT).
 * Lexical search carries most of the weight: it is what the engine is tuned for, and an outside
 * measurement found general-purpose encoders helpful only as a minority voice. Measure your own
 * encoder with `toolrouter eval --dense-weights …` and set the weight that wins on your dev data.
 */
export const DEFAULT_DENSE_WEIGHT = 0.3;

/**
 * Mixes the lexical and dense rankings by their scores, each min-max normalised over its own
 * candidates: `(1 − w) · lexical + w · dense`, a tool missing from one list scoring 0 there.
 * Unlike reciprocal-rank fusion this keeps how far apart the candidates are: a tool the lexical
 * engine ranks far ahead stays ahead unless the encoder is just as sure of another, so a weak encoder
 * nudges close calls instead of reshuffling confident answers. `w = 0` is the lexical ranking.
 */
export function fuseRankings(lexical: readonly SearchHit[], dense: readonly SearchHit[], limit: number, denseWeight = DEFAULT_DENSE_WEIGHT): SearchHit[] {
  const w = Math.min(1, Math.max(0, denseWeight));
  const scores = new Map<string, number>();
  const add = (hits: readonly SearchHit[], weight: number) => {
    if (weight === 0 || hits.length === 0) return;
    const scale = normaliser(hits);
    for (const h of hits) scores.set(h.slug, (scores.get(h.slug) ?? 0) + weight * scale(h.score));
  };
  add(lexical, 1 - w);
  add(dense, w);
  return [...scores.entries()]
    .map(([slug, score]) => ({ slug, score }))
    .sort((a, b) => b.score - a.score || (a.slug < b.slug ? -1 : 1))
    .slice(0, limit);
}

/** Min-max onto [0, 1]; a list whose scores are all equal maps every candidate to 1. */
function normaliser(hits: readonly SearchHit[]): (score: number) => number {
  let min = Infinity;
  let max = -Infinity;
  for (const h of hits) {
    if (h.score < min) min = h.score;
    if (h.score > max) max = h.score;
  }
  const span = max - min;
  return span > 0 ? (score) => (score - min) / span : () => 1;
}
