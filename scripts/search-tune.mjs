#!/usr/bin/env node
// Tunes and evaluates the search engine (packages/server/src/search/engine) on the public tool-retrieval
// benchmarks in shared/bench/retrieval.
//
//   npx tsc -b packages/server            # the script imports the compiled engine
//   node scripts/search-tune.mjs tune     # coordinate ascent on the TRAIN split only; prints every step
//   node scripts/search-tune.mjs eval     # reports TEST metrics of DEFAULT_PARAMS (never used for tuning)
//   node scripts/search-tune.mjs eval-large '[{}, {"pruneCommon": 0}]'   # TEST metrics per override, each set's
//                                         # tools among the built-in catalog's (pruning needs ≥ 5,000 tools)
//   node --expose-gc scripts/search-tune.mjs perf [--sizes 10000,50000]   # build time, RSS, query latency
//
// Options: --bench DIR (default ../shared/bench/retrieval, then /work/shared/bench/retrieval),
//          --dev N (dev queries sampled per set, default 3000), --rounds N (default 2).
//
//   node scripts/search-tune.mjs baseline # plain BM25 vs the engine, feature by feature, on the dev sets
//   node scripts/search-tune.mjs tune-vectors [--with-lexical]   # the meaning channel's parameters (dev sets)
//   node scripts/search-tune.mjs compare '[{}, {"vectorWeight": 0}]' [--learned]  # dev nDCG@10 of overrides
//   --vectors FILE: another word-vector table; --no-vectors: none (the meaning channel and soft matching off)
//
// Protocol. Only toollens and metatool have a train split, so they are the dev sets, together with
// search-tune/agent-dev.tsv: hand-written requests against the built-in catalog (GitHub's 1,222 tools and
// the hand-written toolkits), the kind of catalog — verb-object tool names, long boilerplate descriptions —
// that neither train split has. Zero-shot parameters maximise mean nDCG@10 over a fixed sample of their
// train queries (and all agent-dev queries), with nothing learned.
// Learned-expansion parameters are tuned afterwards by replaying half of each train split as usage
// (setLearned) and scoring the other half. Test queries and test qrels are read only by `eval`.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildIndex, DATASETS, engineOptions, evaluate, hash, learnedFrom, loadDataset, referenceBm25, sample } from './search-tune/lib.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const mode = args[0] ?? 'tune';
const opt = (name, def) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : def;
};
const enginePath = path.join(here, '../packages/server/dist/search/engine/index.js');
if (!existsSync(enginePath)) {
  console.error('Build the engine first: npx tsc -b packages/server');
  process.exit(1);
}
const { ToolIndex, DEFAULT_PARAMS, tokenize, WordVectors } = await import(enginePath);
// The meaning channel's word vectors, as the service loads them (--vectors FILE: another table;
// --no-vectors: lexical only).
if (!args.includes('--no-vectors')) engineOptions.wordVectors = WordVectors.load(opt('vectors', undefined));
const { loadBuiltinCatalog } = await import(path.join(here, '../packages/server/dist/catalog/builtin.js'));
const { indexedTool } = await import(path.join(here, '../packages/server/dist/search/indexed-tool.js'));
const bench = opt('bench') ?? [path.join(here, '../../shared/bench/retrieval'), '/work/shared/bench/retrieval'].find((p) => existsSync(p));
const DEV_N = Number(opt('dev', '3000'));
const ROUNDS = Number(opt('rounds', '2'));

const fmt = (x) => x.toFixed(2);
const searchFn = (index) => (text) => index.search(text, { limit: 10 }).map((h) => h.slug);

// ---------------------------------------------------------------- tuning (train split only)

/** Dev sets built from the train split; test rows are dropped right here. */
function devSets() {
  return ['toollens', 'metatool'].map((name) => {
    const ds = loadDataset(bench, name);
    const train = ds.queries.filter((q) => q.split === 'train');
    // Learned protocol: half of train is replayed as usage, the other half is evaluated.
    const usage = train.filter((q) => hash(q.id) % 2 === 0);
    const held = train.filter((q) => hash(q.id) % 2 === 1);
    return {
      ds: { ...ds, queries: train },
      zeroShot: sample(train, DEV_N, 'dev'),
      learned: learnedFrom(usage, ds.qrels),
      learnedEval: sample(held, DEV_N, 'dev'),
    };
  });
}

/** The agent-style dev set: the built-in catalog and the hand-written queries of agent-dev.tsv. */
async function agentDevSet() {
  const tools = (await loadBuiltinCatalog()).flatMap((b) => b.tools.map((t) => indexedTool(t, b.toolkit)));
  const queries = [];
  const qrels = new Map();
  const lines = readFileSync(path.join(here, 'search-tune/agent-dev.tsv'), 'utf8').split('\n');
  for (const line of lines) {
    if (!line.trim() || line.startsWith('#')) continue;
    const [text, slug] = line.split('\t');
    const id = `agent-${queries.length}`;
    queries.push({ id, text, split: 'train' });
    qrels.set(id, new Map([[slug, 1]]));
  }
  const ds = { name: 'agent-dev', tools, queries, qrels };
  return { ds, zeroShot: queries, learned: undefined, learnedEval: undefined };
}

function objective(sets, params, learned) {
  const per = (learned ? sets.filter((s) => s.learned) : sets).map((s) => {
    const index = buildIndex(ToolIndex, s.ds, params, learned ? s.learned : undefined);
    return evaluate(learned ? s.learnedEval : s.zeroShot, s.ds.qrels, searchFn(index)).ndcg10;
  });
  return { mean: per.reduce((a, b) => a + b, 0) / per.length, per };
}

/** Each entry: a parameter path and the values tried for it. Field arrays are addressed as name[i]. */
const FIELD = ['toolkit', 'name', 'description', 'paramNames', 'paramText', 'tags'];
// Grids are bounded by priors, not only by what the two dev sets reward. Both dev sets are unusual: in
// metatool the tool name repeats the toolkit name and tools have no arguments, and toollens queries were
// generated from argument examples ("e.g. bacon and 3 eggs"). Unbounded, the ascent drives argument
// fields to 3× the description's weight with no length normalisation, which ranks tools by how much
// generic argument prose they have on catalogs with rich schemas. So: a word in an argument description
// counts at most as much as one in the tool description, the tool and toolkit names count at least half
// as much, and every field keeps some length normalisation (b ≥ 0.25).
const ZERO_SHOT_SPACE = [
  ['k1', [0.6, 0.9, 1.2, 1.6, 2.0]],
  ['docLengthMix', [0, 0.25, 0.5, 0.75, 1]],
  ['nameMatch', [0, 0.25, 0.5, 1, 1.5, 2, 3]],
  ['nameMatchWords', [0, 3, 4, 6, 8]],
  ['nameExpansionCredit', [0, 0.25, 0.5, 0.75, 1]],
  ['verbConflict', [0, 0.15, 0.3, 0.5]],
  ['selfWeight', [0, 0.1, 0.2, 0.3, 0.5, 0.8]],
  ['fieldWeights[0]', [0.5, 0.75, 1, 1.5, 2, 3]],
  ['fieldWeights[1]', [0.5, 0.75, 1, 1.5, 2, 3]],
  ['fieldWeights[3]', [0.1, 0.25, 0.5, 0.75, 1, 1.25]],
  ['fieldWeights[4]', [0.25, 0.5, 0.75, 1, 1.25, 1.5]],
  ...[0, 1, 2, 3, 4].map((f) => [`fieldB[${f}]`, [0.25, 0.5, 0.75, 0.9, 1]]),
  ['synonymWeight', [0, 0.05, 0.1, 0.2, 0.3, 0.4, 0.6]],
  ['actionSynonymWeight', [0, 0.1, 0.2, 0.3, 0.5, 0.75]],
  ['actionProseWeight', [0.25, 0.5, 0.75, 1]],
  ['questionWeight', [0, 0.1, 0.2, 0.3, 0.5]],
  ['variantWeight', [0, 0.15, 0.3, 0.5]],
  ['fillerWeight', [0, 0.1, 0.2, 0.4, 0.7, 1]],
  ['coverage', [0, 0.25, 0.5]],
  ['coverageOriginalOnly', [false, true]],
  ['toolkitDocWeight', [0, 0.05, 0.1, 0.2, 0.3, 0.5]],
  ['toolkitB', [0.25, 0.5, 0.75, 1]],
  ['mentionBoost', [0, 0.25, 0.5, 1, 2]],
  ['bareMentionBoost', [0, 0.1, 0.25, 0.5, 1]],
  ['clauseWeight', [0, 0.1, 0.2, 0.35, 0.5, 0.65]],
  ['prfDocs', [0, 3, 5]],
  ['prfWeight', [0.05, 0.1, 0.3]],
];
/** The meaning channel alone (`tune-vectors`), starting from DEFAULT_PARAMS. */
const VECTOR_SPACE = [
  ['vectorWeight', [0, 0.025, 0.05, 0.1, 0.15, 0.2]],
  ['vectorFloor', [0, 0.5, 1, 1.5, 2]],
  ['vectorQueryIdf', [false, true]],
  ['vectorSkipAction', [false, true]],
  ['vectorSifA', [1e-5, 1e-4, 1e-3, 1e-2]],
  ['softWeight', [0, 0.1, 0.2, 0.3, 0.5]],
  ['softNeighbours', [1, 2, 3, 5, 8]],
  ['softMinCos', [0.3, 0.4, 0.5, 0.6, 0.7]],
  ['vectorOnlyTop', [0, 10, 25, 50, 100]],
  ...[0, 1, 2, 3, 4, 5].map((f) => [`vectorFieldWeights[${f}]`, [0, 0.25, 0.5, 1, 2]]),
];
/** `tune-vectors --with-lexical`: the lexical parameters most likely to move once the meaning channel is on. */
const LEXICAL_RECHECK = [
  ['k1', [0.6, 0.9, 1.2]],
  ['coverage', [0.25, 0.5, 0.75]],
  ['nameMatch', [1, 1.5, 2]],
  ['synonymWeight', [0.05, 0.1, 0.2]],
  ['variantWeight', [0.15, 0.3, 0.5]],
  ['fieldWeights[2]', [0.75, 1, 1.25]],
  ['fieldWeights[4]', [1, 1.25, 1.5]],
];
const LEARNED_SPACE = [
  ['learnedWeight', [0.05, 0.1, 0.15, 0.25, 0.5, 1]],
  ['learnedB', [0, 0.25, 0.5, 0.75, 1]],
  ['maxLearnedTerms', [64, 128, 256, 512]],
  ['maxLearnedQueries', [50, 100, 200, 400, 800]],
];

function getP(p, key) {
  const m = /^(\w+)\[(\d+)\]$/.exec(key);
  return m ? p[m[1]][Number(m[2])] : p[key];
}
function setP(p, key, v) {
  const m = /^(\w+)\[(\d+)\]$/.exec(key);
  if (!m) return { ...p, [key]: v };
  const arr = [...p[m[1]]];
  arr[Number(m[2])] = v;
  return { ...p, [m[1]]: arr };
}
const label = (key) => key.replace(/\[(\d+)\]/, (_, i) => `.${FIELD[Number(i)]}`);

/** Coordinate ascent: one parameter at a time over its grid; a change must beat the incumbent by `eps`. */
function ascend(sets, start, space, learned, eps = 0.05) {
  let best = start;
  let bestScore = objective(sets, best, learned);
  console.log(`start: mean ${fmt(bestScore.mean)} (${bestScore.per.map(fmt).join(' / ')})`);
  for (let round = 1; round <= ROUNDS; round++) {
    let changed = false;
    for (const [key, values] of space) {
      const line = [];
      for (const v of values) {
        if (v === getP(best, key)) {
          line.push(`${v}:*${fmt(bestScore.mean)}`);
          continue;
        }
        const cand = setP(best, key, v);
        const s = objective(sets, cand, learned);
        line.push(`${v}:${fmt(s.mean)}`);
        if (s.mean > bestScore.mean + eps) {
          best = cand;
          bestScore = s;
          changed = true;
        }
      }
      console.log(`  r${round} ${label(key).padEnd(22)} ${line.join('  ')}  → ${getP(best, key)}`);
    }
    console.log(`round ${round}: mean ${fmt(bestScore.mean)} (${bestScore.per.map(fmt).join(' / ')})`);
    if (!changed) break;
  }
  return best;
}

async function tune() {
  const sets = [...devSets(), await agentDevSet()];
  console.log(`dev: ${sets.map((s) => `${s.ds.name} ${s.zeroShot.length} zero-shot / ${s.learnedEval?.length ?? 0} learned`).join(', ')}`);
  console.log('\n== zero-shot parameters');
  const zero = ascend(sets, { ...DEFAULT_PARAMS }, ZERO_SHOT_SPACE, false);
  console.log('\n== learned-expansion parameters (half of train replayed as usage, other half scored)');
  const all = ascend(sets, zero, LEARNED_SPACE, true);
  console.log('\nchosen parameters:');
  console.log(JSON.stringify(all, null, 2));
}

// ---------------------------------------------------------------- evaluation (test split, report only)

function percentile(sorted, q) {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

/** `evaluate` of the index's top 10, with each query's search time (ms, sorted). */
function timedEvaluate(index, queries, qrels) {
  const times = [];
  const metrics = evaluate(queries, qrels, (text) => {
    const t0 = performance.now();
    const hits = index.search(text, { limit: 10 });
    times.push(performance.now() - t0);
    return hits.map((h) => h.slug);
  });
  times.sort((a, b) => a - b);
  return { metrics, times };
}

function evalAll() {
  const rows = [];
  for (const name of DATASETS) {
    const ds = loadDataset(bench, name);
    const test = ds.queries.filter((q) => q.split === 'test');
    const ref = evaluate(test, ds.qrels, referenceBm25(tokenize, ds.tools));
    const { metrics: zero, times } = timedEvaluate(buildIndex(ToolIndex, ds, {}), test, ds.qrels);
    const train = ds.queries.filter((q) => q.split === 'train');
    let learned;
    if (train.length > 0) {
      const li = buildIndex(ToolIndex, ds, {}, learnedFrom(train, ds.qrels));
      learned = evaluate(test, ds.qrels, searchFn(li));
    }
    rows.push({ name, n: zero.n, ref, zero, learned, p50: percentile(times, 0.5), p99: percentile(times, 0.99) });
  }
  const m = (r) => (r ? `${fmt(r.ndcg10)} | ${fmt(r.recall5)} | ${fmt(r.recall10)} | ${fmt(r.comp10)}` : '– | – | – | –');
  console.log(
    '| set | test q | BM25 ref nDCG@10 | R@5 | R@10 | C@10 | zero-shot nDCG@10 | R@5 | R@10 | C@10 | learned nDCG@10 | R@5 | R@10 | C@10 | p50 ms | p99 ms |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    console.log(`| ${r.name} | ${r.n} | ${m(r.ref)} | ${m(r.zero)} | ${m(r.learned)} | ${r.p50.toFixed(3)} | ${r.p99.toFixed(3)} |`);
  }
}

/**
 * Query-time pruning only runs on indexes of at least 5,000 tools, which every benchmark set is below. Here each
 * set's TEST queries are asked of an index holding its tools and the whole built-in catalog (~12,900 tools) as
 * distractors, once per override: `eval-large '[{}, {"pruneCommon": 0}]'`. Zero-shot, word vectors as the service
 * loads them.
 */
async function evalLarge(overrides) {
  const catalog = (await loadBuiltinCatalog()).flatMap((b) => b.tools.map((t) => indexedTool(t, b.toolkit)));
  console.log(`| set | test q | ${overrides.map((o) => `${JSON.stringify(o)} nDCG@10 | R@10 | p50 ms`).join(' | ')} |`);
  for (const name of DATASETS) {
    const ds = loadDataset(bench, name);
    // A built-in tool with the slug of one of the set's tools (a few public APIs are in both) is left out.
    const own = new Set(ds.tools.map((t) => t.slug));
    const large = { ...ds, tools: [...ds.tools, ...catalog.filter((t) => !own.has(t.slug))] };
    const test = ds.queries.filter((q) => q.split === 'test');
    const cells = overrides.map((o) => {
      const { metrics: r, times } = timedEvaluate(buildIndex(ToolIndex, large, { ...DEFAULT_PARAMS, ...o }), test, ds.qrels);
      return `${fmt(r.ndcg10)} | ${fmt(r.recall10)} | ${percentile(times, 0.5).toFixed(3)}`;
    });
    console.log(`| ${name} | ${test.length} | ${cells.join(' | ')} |`);
  }
}

// ---------------------------------------------------------------- performance

/**
 * Synthetic catalogs of N tools: every bench tool, copied into renamed toolkits until N is reached, each
 * copy with a few words swapped in from other tools so postings are not mere duplicates. Queries are the
 * test queries of all sets (text only; no labels are read).
 */
function perf() {
  const sizes = opt('sizes', '10000,50000').split(',').map(Number);
  const all = DATASETS.map((n) => loadDataset(bench, n));
  const base = all.flatMap((d) => d.tools);
  const queries = all.flatMap((d) =>
    sample(
      d.queries.filter((q) => q.split === 'test'),
      600,
      'perf',
    ).map((q) => q.text),
  );
  const words = base.flatMap((t) => t.description.split(/\s+/)).filter((w) => w.length > 3);
  for (const n of sizes) {
    const tools = [];
    for (let i = 0; tools.length < n; i++) {
      const t = base[i % base.length];
      const copy = Math.floor(i / base.length);
      if (copy === 0) {
        tools.push(t);
        continue;
      }
      const h = hash(`${t.slug}:${copy}`);
      const extra = [words[h % words.length], words[(h >>> 8) % words.length], words[(h >>> 16) % words.length]];
      tools.push({
        ...t,
        slug: `${t.slug.slice(0, 50)}_C${copy}`,
        toolkit: `${t.toolkit}_c${copy}`,
        toolkitName: `${t.toolkitName} ${copy}`,
        description: `${t.description} ${extra.join(' ')}`,
      });
    }
    globalThis.gc?.();
    const rss0 = process.memoryUsage().rss;
    const t0 = performance.now();
    const index = buildIndex(ToolIndex, { tools }, {});
    const buildMs = performance.now() - t0;
    index.search('warm up the norms', { limit: 10 });
    for (const q of queries.slice(0, 200)) index.search(q, { limit: 10 }); // JIT warm-up
    const times = [];
    for (const q of queries) {
      const s = performance.now();
      index.search(q, { limit: 10 });
      times.push(performance.now() - s);
    }
    times.sort((a, b) => a - b);
    // Incremental update cost: replace one mid-sized toolkit.
    const tk = tools[Math.floor(n / 2)].toolkit;
    const tkTools = tools.filter((t) => t.toolkit === tk);
    const u0 = performance.now();
    index.upsertToolkit(tk, tkTools);
    index.search('after update', { limit: 10 });
    const upsertMs = performance.now() - u0;
    globalThis.gc?.();
    const rss = process.memoryUsage().rss;
    console.log(
      `${n} tools: build ${(buildMs / 1000).toFixed(2)} s, RSS ${(rss / 2 ** 20).toFixed(0)} MB (+${((rss - rss0) / 2 ** 20).toFixed(0)} MB), ` +
        `query p50 ${percentile(times, 0.5).toFixed(3)} ms p99 ${percentile(times, 0.99).toFixed(3)} ms max ${times[times.length - 1].toFixed(2)} ms ` +
        `(${times.length} queries), upsert of one toolkit (${tkTools.length} tools) + first query ${upsertMs.toFixed(1)} ms`,
    );
  }
}

// ---------------------------------------------------------------- baseline (dev sets only)

/**
 * Where the engine stands against plain BM25, on the dev sets: the reference BM25 of the benchmark README,
 * the engine reduced to it (one length normalisation over the whole document, every field weight 1, every
 * extra off), then the defaults with one feature at a time switched off. A feature that costs more than
 * it gains shows up here.
 */
async function baseline() {
  const sets = [...devSets(), await agentDevSet()];
  const plain = {
    fieldWeights: [1, 1, 1, 1, 1, 0],
    fieldB: [0.75, 0.75, 0.75, 0.75, 0.75, 0.75],
    docLengthMix: 1,
    k1: 1.2,
    synonymWeight: 0,
    actionSynonymWeight: 0,
    actionProseWeight: 1,
    questionWeight: 0,
    variantWeight: 0,
    fillerWeight: 1,
    coverage: 0,
    nameMatch: 0,
    verbConflict: 0,
    selfWeight: 0,
    toolkitDocWeight: 0,
    mentionBoost: 0,
    bareMentionBoost: 0,
    clauseWeight: 0,
    prfDocs: 0,
  };
  const d = DEFAULT_PARAMS;
  const rows = [
    ['reference BM25', null],
    ['engine as plain BM25', plain],
    ['engine, per-field lengths', { ...plain, docLengthMix: 0 }],
    ['defaults', {}],
    ['defaults − name match', { nameMatch: 0 }],
    ['defaults − name match fading on long requests', { nameMatchWords: 0 }],
    ['defaults − self terms', { selfWeight: 0 }],
    ['defaults − verb agreement', { verbConflict: 0 }],
    ['defaults, verb agreement 0.15', { verbConflict: 0.15 }],
    ['defaults − synonyms', { synonymWeight: 0, actionSynonymWeight: 0 }],
    ['defaults − action verbs', { actionSynonymWeight: d.synonymWeight, actionProseWeight: 1 }],
    ['defaults − question verbs', { questionWeight: 0 }],
    ['defaults, coverage from every concept', { coverageOriginalOnly: false }],
    ['defaults − variants', { variantWeight: 0 }],
    ['defaults − filler weight', { fillerWeight: 1 }],
    ['defaults − toolkit doc', { toolkitDocWeight: 0 }],
    ['defaults − mentions', { mentionBoost: 0, bareMentionBoost: 0 }],
    ['defaults − clauses', { clauseWeight: 0 }],
    ['defaults, per-field lengths', { docLengthMix: 0 }],
    ['defaults, equal field weights', { fieldWeights: d.fieldWeights.map(() => 1) }],
  ];
  console.log(`| variant | ${sets.map((s) => s.ds.name).join(' | ')} | mean |`);
  console.log(`|---|${sets.map(() => '---|').join('')}---|`);
  for (const [name, params] of rows) {
    const per = sets.map((s) => {
      const search = params === null ? referenceBm25(tokenize, s.ds.tools) : searchFn(buildIndex(ToolIndex, s.ds, params));
      return evaluate(s.zeroShot, s.ds.qrels, search).ndcg10;
    });
    console.log(`| ${name} | ${per.map(fmt).join(' | ')} | ${fmt(per.reduce((a, b) => a + b, 0) / per.length)} |`);
  }
}

if (mode === 'tune') await tune();
else if (mode === 'compare') {
  // node scripts/search-tune.mjs compare '[{}, {"vectorWeight": 0}]': zero-shot dev nDCG@10 of each override.
  const sets = [...devSets(), await agentDevSet()];
  const learned = args.includes('--learned'); // half of train replayed as usage, the other half scored
  for (const o of JSON.parse(args[1])) {
    const s = objective(sets, { ...DEFAULT_PARAMS, ...o }, learned);
    console.log(`${JSON.stringify(o)}: mean ${fmt(s.mean)} (${s.per.map(fmt).join(' / ')})`);
  }
} else if (mode === 'tune-vectors') {
  const sets = [...devSets(), await agentDevSet()];
  const space = args.includes('--with-lexical') ? [...VECTOR_SPACE.slice(0, 8), ...LEXICAL_RECHECK] : VECTOR_SPACE;
  console.log(JSON.stringify(ascend(sets, { ...DEFAULT_PARAMS }, space, false), null, 2));
} else if (mode === 'baseline') await baseline();
else if (mode === 'eval') evalAll();
else if (mode === 'eval-large') await evalLarge(JSON.parse(args[1] ?? '[{}]'));
else if (mode === 'perf') perf();
else {
  console.error('usage: node scripts/search-tune.mjs tune|baseline|eval|eval-large|compare|perf [--bench DIR] [--dev N] [--rounds N] [--sizes N,N]');
  process.exit(2);
}
