/**
 * Retrieval metrics as ToolRet reports them (pytrec_eval conventions: linear gain), over one
 * query's ranked slugs and its graded gold.
 */

export function ndcgAt(k: number, ranked: readonly string[], gold: ReadonlyMap<string, number>): number {
  let dcg = 0;
  ranked.slice(0, k).forEach((slug, i) => {
    const rel = gold.get(slug) ?? 0;
    if (rel > 0) dcg += rel / Math.log2(i + 2);
  });
  const ideal = [...gold.values()].sort((a, b) => b - a).slice(0, k);
  const idcg = ideal.reduce((sum, rel, i) => sum + rel / Math.log2(i + 2), 0);
  return idcg === 0 ? 0 : dcg / idcg;
}

export function recallAt(k: number, ranked: readonly string[], gold: ReadonlyMap<string, number>): number {
  if (gold.size === 0) return 0;
  return ranked.slice(0, k).filter((s) => gold.has(s)).length / gold.size;
}

/** 1 when every gold tool is in the top k. */
export function completenessAt(k: number, ranked: readonly string[], gold: ReadonlyMap<string, number>): number {
  const top = new Set(ranked.slice(0, k));
  return [...gold.keys()].every((s) => top.has(s)) ? 1 : 0;
}

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}
