import type { IndexStore } from './index-store.js';
import type { RankingParams } from './params.js';
import type { ScoreBuffer } from './score-buffer.js';
import type { ResolvedConcept } from './scorer.js';
import { TopK } from './top-k.js';

/**
 * Pseudo-relevance feedback (RM3-style): the terms that best characterise the top documents of a first
 * pass, weighted by each document's share of the top score mass, tf within the document and idf, are added
 * to the query with a total weight of `prfWeight` × the original query weight. Helps when the request
 * names the task in words the right tools share with the tools that match it lexically.
 */
export function feedbackTerms(store: IndexStore, scores: ScoreBuffer, query: readonly ResolvedConcept[], p: RankingParams): ResolvedConcept[] {
  if (p.prfDocs <= 0 || p.prfTerms <= 0 || p.prfWeight <= 0) return [];
  const top = new TopK(p.prfDocs);
  for (let i = 0; i < scores.count; i++) {
    const d = scores.touched[i]!;
    const s = scores.scores[d]!;
    if (s > 0 && store.alive[d] === 1 && top.wouldKeep(s, store.slugs[d]!)) top.offer({ slug: store.slugs[d]!, score: s });
  }
  const docs = top.result();
  const mass = docs.reduce((a, c) => a + c.score, 0);
  if (mass <= 0) return [];
  const inQuery = new Set(query.flatMap((c) => c.members.map((m) => m.id)));
  const weight = new Map<number, number>();
  for (const c of docs) {
    const d = store.slugToDoc.get(c.slug)!;
    const ids = store.coreTerms[d]!;
    const tfs = store.coreTf[d];
    if (!tfs) continue;
    let len = 0;
    for (let i = 0; i < tfs.length; i++) len += tfs[i]!;
    if (len === 0) continue;
    const share = c.score / mass;
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]!;
      if (inQuery.has(id)) continue;
      weight.set(id, (weight.get(id) ?? 0) + (share * tfs[i]!) / len);
    }
  }
  const ranked = [...weight]
    .map(([id, w]) => [id, w * store.idf(id)] as const)
    .sort((a, b) => b[1] - a[1] || a[0] - b[0])
    .slice(0, p.prfTerms);
  const total = ranked.reduce((a, r) => a + r[1], 0);
  const queryWeight = query.reduce((a, c) => a + (c.original ? c.weight : 0), 0);
  if (total <= 0) return [];
  return ranked.map(([id, w]) => ({
    weight: (p.prfWeight * queryWeight * w) / total,
    idf: store.idf(id),
    original: false,
    action: false,
    feedback: true,
    members: [{ term: store.vocab.term(id), id, scale: 1, original: false }],
  }));
}
