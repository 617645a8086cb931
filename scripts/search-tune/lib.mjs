// Shared helpers for scripts/search-tune.mjs: load the retrieval benchmarks, replay usage, compute metrics.
// Reads only /work/shared/bench/retrieval-style folders (path given by the caller); never writes anything.
import { readFileSync } from 'node:fs';
import path from 'node:path';

export const DATASETS = ['toollens', 'metatool', 'stabletoolbench', 'toolret-apibank', 'toolret-apigen'];

function readJsonl(file) {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l));
}

/** { tools: IndexedTool[], queries: {id,text,split}[], qrels: Map<qid, Map<slug, rel>> } */
export function loadDataset(root, name) {
  const dir = path.join(root, name);
  const tools = readJsonl(path.join(dir, 'tools.jsonl')).map((t) => ({
    slug: t.slug,
    toolkit: t.toolkit,
    toolkitName: t.toolkit_name ?? t.toolkit,
    toolkitDescription: t.toolkit_description ?? '',
    name: t.name,
    description: t.description ?? '',
    inputSchema: t.input_schema ?? { type: 'object', properties: {} },
    tags: [],
  }));
  const queries = readJsonl(path.join(dir, 'queries.jsonl'));
  const qrels = new Map();
  const lines = readFileSync(path.join(dir, 'qrels.tsv'), 'utf8').split('\n').slice(1);
  for (const line of lines) {
    if (!line.trim()) continue;
    const [qid, slug, rel] = line.split('\t');
    const r = Number(rel);
    if (!(r > 0)) continue;
    if (!qrels.has(qid)) qrels.set(qid, new Map());
    qrels.get(qid).set(slug, r);
  }
  return { name, tools, queries, qrels };
}

export function byToolkit(tools) {
  const m = new Map();
  for (const t of tools) {
    if (!m.has(t.toolkit)) m.set(t.toolkit, []);
    m.get(t.toolkit).push(t);
  }
  return m;
}

/** Deterministic 32-bit FNV-1a hash, for reproducible splits and samples. */
export function hash(s) {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** Deterministic sample of at most n items (by hashed id). */
export function sample(items, n, salt = '') {
  if (items.length <= n) return items;
  return [...items].sort((a, b) => hash(salt + a.id) - hash(salt + b.id) || (a.id < b.id ? -1 : 1)).slice(0, n);
}

/** nDCG@k, Recall@5/@10, Completeness@10 for one ranked list of slugs (ToolRet definitions). */
export function scoreRanking(ranked, gold) {
  let dcg = 0;
  for (let i = 0; i < Math.min(10, ranked.length); i++) {
    const rel = gold.get(ranked[i]) ?? 0;
    if (rel > 0) dcg += rel / Math.log2(i + 2);
  }
  const ideal = [...gold.values()].sort((a, b) => b - a).slice(0, 10);
  let idcg = 0;
  ideal.forEach((rel, i) => (idcg += rel / Math.log2(i + 2)));
  const hits = (k) => ranked.slice(0, k).filter((s) => gold.has(s)).length;
  return {
    ndcg10: idcg > 0 ? dcg / idcg : 0,
    recall5: hits(5) / gold.size,
    recall10: hits(10) / gold.size,
    comp10: hits(10) === gold.size ? 1 : 0,
  };
}

/** Mean metrics (×100) of `search(text) → slugs` over queries that have gold tools. */
export function evaluate(queries, qrels, search) {
  const sum = { ndcg10: 0, recall5: 0, recall10: 0, comp10: 0 };
  let n = 0;
  for (const q of queries) {
    const gold = qrels.get(q.id);
    if (!gold || gold.size === 0) continue;
    const m = scoreRanking(search(q.text), gold);
    for (const k of Object.keys(sum)) sum[k] += m[k];
    n++;
  }
  const out = { n };
  for (const k of Object.keys(sum)) out[k] = n > 0 ? (100 * sum[k]) / n : 0;
  return out;
}

/** Usage replay: every query of `queries` becomes a learned query (weight 1) of each of its gold tools. */
export function learnedFrom(queries, qrels) {
  const bySlug = new Map();
  for (const q of queries) {
    for (const slug of qrels.get(q.id)?.keys() ?? []) {
      if (!bySlug.has(slug)) bySlug.set(slug, []);
      bySlug.get(slug).push({ text: q.text, weight: 1 });
    }
  }
  return bySlug;
}

/** Builds a ToolIndex from a dataset, optionally with learned queries. */
/** Word vectors handed to every index built here (see engineOptions users); undefined = lexical only. */
export const engineOptions = { wordVectors: undefined };

export function buildIndex(ToolIndex, ds, params, learned) {
  const index = new ToolIndex(params, engineOptions.wordVectors);
  for (const [tk, tools] of byToolkit(ds.tools)) index.upsertToolkit(tk, tools);
  if (learned) for (const [slug, qs] of learned) index.setLearned(slug, qs);
  return index;
}

/**
 * The reference BM25 of the benchmark README (k1 1.2, b 0.75, one field: toolkit name + name +
 * description + schema property names and descriptions), with the engine's tokenizer. Used to check
 * that the metric code reproduces the published numbers.
 */
export function referenceBm25(tokenize, tools) {
  const docs = tools.map((t) => {
    const props = Object.entries(t.inputSchema.properties ?? {});
    const text = [t.toolkitName, t.name, t.description, ...props.flatMap(([k, v]) => [k, v?.description ?? ''])].join(' ');
    const tf = new Map();
    const terms = tokenize(text);
    for (const x of terms) tf.set(x, (tf.get(x) ?? 0) + 1);
    return { slug: t.slug, tf, len: terms.length };
  });
  const df = new Map();
  for (const d of docs) for (const x of d.tf.keys()) df.set(x, (df.get(x) ?? 0) + 1);
  const N = docs.length;
  const avg = docs.reduce((s, d) => s + d.len, 0) / N;
  return (query, k = 10) => {
    const q = tokenize(query);
    const scored = docs.map((d) => {
      let s = 0;
      for (const x of q) {
        const tf = d.tf.get(x);
        if (!tf) continue;
        const n = df.get(x);
        const idf = Math.log(1 + (N - n + 0.5) / (n + 0.5));
        s += (idf * tf * 2.2) / (tf + 1.2 * (0.25 + (0.75 * d.len) / avg));
      }
      return { slug: d.slug, s };
    });
    return scored
      .filter((x) => x.s > 0)
      .sort((a, b) => b.s - a.s || (a.slug < b.slug ? -1 : 1))
      .slice(0, k)
      .map((x) => x.slug);
  };
}
