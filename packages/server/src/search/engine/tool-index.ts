import type { IndexedTool, LearnedQuery, SearchHit, SearchOptions } from '../types.js';
import { AnalysisCache } from './analysis-cache.js';
import { DocFilter } from './doc-filter.js';
import { DocVectors, dotUnit } from './doc-vectors.js';
import { FIELD_COUNT, Field, toolkitMentionKeys } from './document.js';
import { feedbackTerms } from './feedback.js';
import { AGENT_CURATED, AGENT_REFERENCE, IndexStore } from './index-store.js';
import { KthLargest } from './kth-largest.js';
import { summarizeLearned } from './learned.js';
import { ACTION_VERBS, leadingVerb, splitClauses } from './multi-intent.js';
import { NameIdf } from './name-idf.js';
import { type RankingParams, resolveParams } from './params.js';
import { parseQuery } from './query.js';
import { RepeatMemory } from './repeats.js';
import { ScoreBuffer } from './score-buffer.js';
import { buildExtraDoc, type ExtraDoc, planOf, type QueryPlan, type ResolvedConcept, type ResolvedMember, Scorer } from './scorer.js';
import { synonymsOf } from './synonyms.js';
import { type Mention, MentionIndex } from './toolkit-mentions.js';
import { type Candidate, TopK } from './top-k.js';
import { type ToolkitGroup, ToolkitGroups, WindowOrder } from './window-order.js';
import type { WordVectors } from './word-vectors.js';

/** Clauses beyond this many are ignored for per-clause retrieval (they still count in the whole query). */
const MAX_CLAUSES = 6;
/** A clause that does not start with an action verb. */
const NO_ACTIONS: ReadonlySet<string> = new Set();
/** What a tool slug looks like: upper-case words joined by underscores (at least two). */
const SLUG_LIKE = /^[A-Z0-9]+(?:_[A-Z0-9]+)+$/;
/** How many of the best candidates the name-match signal re-scores (it can lift a tool at most 1 + nameMatch times). */
const RERANK_DEPTH = 100;
/** A tool this many standard deviations closer than the average gets the meaning channel's full weight. */
const Z_CAP = 4;
/** How many tools (at most) estimate the spread of cosines on a large index. */
const SPREAD_SAMPLE = 256;
/** Words whose soft-match neighbours are remembered (per index, until it changes). */
const MAX_NEIGHBOUR_CACHE = 10_000;
/** Request texts whose analysis is remembered (per index, until it changes). */
const MAX_ANALYSES = 1_000;

/** A meaning vector of the request (or of one of its clauses), with the mean and spread of its cosines over the index. */
interface VectorQuery {
  q: Float32Array;
  mean: number;
  sd: number;
}

/** What a request says, resolved against the index (see AnalysisCache). Never modified once made, but for `vectors`. */
interface QueryAnalysis {
  /** The action verb each clause starts with. */
  leading: (string | undefined)[];
  /** Toolkits the request names, among the indexed ones (a query's extra documents can add theirs). */
  mentions: Mention[];
  terms: ResolvedConcept[];
  /** The clauses' concepts, when the request has more than one intent. */
  clauses: ResolvedConcept[][];
  /** The scoring plan of the whole request and its clauses. */
  plan: QueryPlan;
  /** Meaning vectors of the request (and its clauses), made on first use. */
  vectors?: VectorQuery[];
  /** The request's key among repeated requests (`RepeatMemory.key`: its terms), made on first use. */
  repeatKey?: string;
}

/**
 * In-process tool search: BM25F over tool fields, toolkit-level evidence, synonym expansion, toolkit
 * mentions, multi-intent clause retrieval and learned (doc2query-style) expansion from past usage.
 * Synchronous and allocation-light at query time; all updates are incremental.
 */
export class ToolIndex {
  readonly params: RankingParams;
  private readonly store: IndexStore;
  private readonly scorer: Scorer;
  private readonly mentions = new MentionIndex();
  private readonly repeats = new RepeatMemory();
  private readonly full = new ScoreBuffer();
  /** Per-run scores of a multi-intent query (whole query first, then each clause). */
  private readonly runBuffers: ScoreBuffer[] = [];
  private readonly clauseBest = new ScoreBuffer();
  private readonly fused = new ScoreBuffer();
  /** The session filter of the query being ranked. */
  private readonly filter = new DocFilter();
  private readonly neighbourCache = new Map<string, { id: number; cos: number }[]>();
  private readonly analyses = new AnalysisCache<QueryAnalysis>(MAX_ANALYSES);
  private neighbourCacheFor = -1;
  /** Scratch of the reference-tool reordering (see `applyAgentReadyPrior`), kept across queries. */
  private readonly floor = new KthLargest();
  /** Candidates of toolkits with reference tools only, by toolkit, with whether one is a reference tool. */
  private readonly groups = new ToolkitGroups();
  private readonly windowOrder = new WindowOrder();
  private readonly lifted: number[] = [];
  /** Scratch of the meaning channel: the candidates compared with the request, and their best z-scores. */
  private compared = new Int32Array(0);
  private closest = new Float64Array(0);
  private liftedMark = new Uint8Array(0);
  private window = new Int32Array(0);
  private windowKeys = new Float64Array(0);
  /** The name re-rank's idf figures (see NameIdf) and its request-term weights by term id (zero between queries). */
  private readonly nameIdf: NameIdf;
  private askedId = new Float64Array(0);
  /** Per term id: 0 not yet known, VERB or NOT_VERB (see `isActionVerb`). */
  private actionVerbIds = new Uint8Array(0);

  /**
   * @param wordVectors static word vectors for the meaning channel (see doc-vectors.ts); without them, or
   *   with `vectorWeight` 0, ranking is purely lexical.
   */
  constructor(params?: Partial<RankingParams>, wordVectors?: WordVectors) {
    this.params = resolveParams(params);
    const p = this.params;
    const vectors = wordVectors && p.vectorWeight > 0 ? new DocVectors(wordVectors, p.vectorFieldWeights, p.vectorSifA, p.vectorLearnedWeight) : undefined;
    this.store = new IndexStore(p.toolkitDocWeight > 0, p.prfDocs > 0, vectors);
    this.scorer = new Scorer(this.store);
    this.nameIdf = new NameIdf(this.store);
  }

  /** Whether the meaning channel (static word vectors) is on. */
  get usesWordVectors(): boolean {
    return this.store.vectors !== undefined;
  }

  /** Number of indexed tools. */
  get size(): number {
    return this.store.liveDocs;
  }

  /** Replaces every document of `toolkit` (an empty list removes the toolkit). */
  upsertToolkit(toolkit: string, tools: readonly IndexedTool[]): void {
    this.store.upsertToolkit(toolkit, tools);
    const first = tools[0];
    if (first) this.mentions.set(toolkit, toolkitMentionKeys(toolkit, first.toolkitName));
    else this.mentions.delete(toolkit);
  }

  removeToolkit(toolkit: string): void {
    this.store.removeToolkit(toolkit);
    this.mentions.delete(toolkit);
  }

  /** Replaces the learned expansion of one tool; `[]` clears it. Kept even while the tool is not indexed. */
  setLearned(slug: string, queries: readonly LearnedQuery[]): void {
    const p = this.params;
    this.store.setLearned(slug, summarizeLearned(queries, p.maxLearnedQueries, p.maxLearnedTerms));
    if (p.repeatWeight > 0) this.repeats.set(slug, queries, p.maxLearnedQueries);
  }

  /**
   * Ranked tools for the request. A tool the request names by its exact slug ("GITHUB_CREATE_AN_ISSUE",
   * in any case) comes first whatever its words score: an agent that already knows the tool must not
   * see it ranked below look-alikes (see `pinNamedSlugs`).
   */
  search(query: string, options: SearchOptions): SearchHit[] {
    return this.pinNamedSlugs(query, this.rank(query, options), options);
  }

  /**
   * Puts the tools the request names by exact slug first, in the order it names them, when they are
   * indexed (or among `options.extra`) and allowed; the rest keep their order, up to `options.limit`.
   */
  pinNamedSlugs(query: string, hits: readonly SearchHit[], options: SearchOptions): SearchHit[] {
    const limit = Math.floor(options.limit);
    const named = this.namedSlugs(query, options);
    if (named.length === 0 || !(limit > 0)) return hits.slice(0, Math.max(0, limit));
    const top = hits[0]?.score ?? 1;
    const pinned = named.map((slug, i) => ({ slug, score: top * (1 + 0.01 * (named.length - i)) }));
    const rest = hits.filter((h) => !named.includes(h.slug));
    return [...pinned, ...rest].slice(0, limit);
  }

  private namedSlugs(query: string, options: SearchOptions): string[] {
    if (!query.includes('_')) return [];
    const out: string[] = [];
    for (const token of query.split(/[\s,;:()[\]{}"'`]+/)) {
      const slug = token.replace(/[.!?]+$/, '').toUpperCase();
      if (!SLUG_LIKE.test(slug) || out.includes(slug)) continue;
      const d = this.store.slugToDoc.get(slug);
      const known = (d !== undefined && this.store.alive[d] === 1) || options.extra?.some((t) => t.slug === slug);
      if (known && (!options.allow || options.allow(slug))) out.push(slug);
    }
    return out;
  }

  private rank(query: string, options: SearchOptions): SearchHit[] {
    const limit = Math.floor(options.limit);
    if (!(limit > 0)) return [];
    this.filter.begin(this.store, options);
    try {
      return this.rankFiltered(query, limit, options);
    } finally {
      this.filter.end();
    }
  }

  private rankFiltered(query: string, limit: number, options: SearchOptions): SearchHit[] {
    const p = this.params;
    const extras = this.extraDocs(options.extra);
    const analysis = this.analyse(query);
    const { leading, clauses } = analysis;
    const mentioned = extras.length > 0 ? this.findMentions(query, extras) : analysis.mentions;
    let terms = analysis.terms;
    if (terms.length === 0) return [];
    const cap = this.store.docCapacity;
    this.fused.ensure(cap);
    // Pseudo-relevance feedback adds concepts found by this scoring, so the plan and vectors are made anew.
    const feedback = p.prfDocs > 0;
    if (feedback) {
      this.full.reset();
      this.scorer.scoreIndex(planOf([terms]), p, [this.full]);
      terms = [...terms, ...feedbackTerms(this.store, this.full, terms, p)];
    }
    const runs = clauses.length > 1 ? [terms, ...clauses] : [terms];
    const plan = feedback ? planOf(runs) : analysis.plan;

    const extraScores = new Float64Array(extras.length);
    if (clauses.length > 1) this.fuseClauses(runs, plan, extras, extraScores);
    else {
      this.fused.reset();
      this.scorer.scoreIndex(plan, p, [this.fused]);
      extras.forEach((e, i) => (extraScores[i] = this.scorer.scoreExtra(e, terms, p)));
    }
    // The request's key is its terms: kept with its analysis, so a repeated text is not tokenized again for it.
    const repeated = p.repeatWeight > 0 && !this.repeats.empty ? this.repeats.lookupKey((analysis.repeatKey ??= RepeatMemory.key(query))) : undefined;
    // How many candidates are selected in the end, and which docs must keep their exact score whatever it is:
    // those a repeat lifts after the ranking steps. Docs an inline tool replaces are never returned.
    const depth = p.nameMatch <= 0 ? limit : Math.max(limit, RERANK_DEPTH);
    const exact = repeated && this.indexedDocs(repeated.keys());
    const shadowed = extras.length > 0 ? this.indexedDocs(extras.map((e) => e.tool.slug)) : undefined;
    if (this.store.vectors) {
      const vectorRuns = p.vectorClauses && clauses.length > 1 ? runs : [terms];
      const vectors = feedback ? this.vectorQueries(vectorRuns) : (analysis.vectors ??= this.vectorQueries(vectorRuns));
      // Without a repeat to apply, nothing after the meaning channel reads the best score of the whole index,
      // so tools the session cannot see need no meaning bonus (see `applyVectors`).
      this.applyVectors(vectors, extras, extraScores, repeated === undefined);
    }
    this.applyMentions(mentioned, extras, extraScores);
    // A session's inline tools are left as they are: the application wrote them for its agent.
    const least = this.applyAgentReadyPrior(leading, depth, exact, shadowed);
    if (repeated) this.applyRepeats(repeated, extras, extraScores);
    if (p.nameMatch <= 0) return this.select(depth, extras, extraScores, options.allow, least).map((c) => ({ slug: c.slug, score: c.score }));
    const candidates = this.select(depth, extras, extraScores, options.allow, least);
    return this.rerankByName(candidates, terms, extras, limit, this.askedVerbs(leading), leading);
  }

  /** The indexed docs of `slugs` (those that are indexed). */
  private indexedDocs(slugs: Iterable<string>): Set<number> {
    const out = new Set<number>();
    for (const slug of slugs) {
      const d = this.store.slugToDoc.get(slug);
      if (d !== undefined) out.add(d);
    }
    return out;
  }

  /** The analysis of `query` against the index as it is now (remembered until the index changes). */
  private analyse(query: string): QueryAnalysis {
    const s = this.store;
    const state = `${s.version}:${s.learnedVersion}`;
    const known = this.analyses.get(state, query);
    if (known) return known;
    const p = this.params;
    const clauseTexts = splitClauses(query).slice(0, MAX_CLAUSES);
    const leading = clauseTexts.map(leadingVerb);
    const actions = new Set(leading.filter((v): v is string => v !== undefined));
    const mentions = this.findMentions(query, []);
    const terms = this.resolve(query, actions);
    const clauses =
      terms.length > 0 && p.clauseWeight > 0 && clauseTexts.length > 1
        ? clauseTexts.map((c, i) => this.resolve(c, leading[i] === undefined ? NO_ACTIONS : new Set([leading[i]!]))).filter((t) => t.length > 0)
        : [];
    const plan = planOf(clauses.length > 1 ? [terms, ...clauses] : [terms]);
    const analysis: QueryAnalysis = { leading, mentions, terms, clauses, plan };
    this.analyses.set(state, query, analysis);
    return analysis;
  }

  /**
   * Query text → weighted concepts resolved against the index: ids, the concept's idf, and each member's
   * scale (its relative weight, times its idf over the concept's, at most 1: a common synonym says less
   * than the word itself). Indexed derivational variants join the concept of the word they vary.
   */
  private resolve(text: string, actions: ReadonlySet<string>): ResolvedConcept[] {
    const s = this.store;
    const vocab = s.vocab;
    const vw = this.params.variantWeight;
    return parseQuery(text, this.params, actions).map((c) => {
      const members: ResolvedMember[] = c.members.map((m) => ({ term: m.term, id: vocab.lookup(m.term), scale: m.rel, original: m.original }));
      if (vw > 0 && c.original) {
        const known = new Set(members.map((m) => m.term));
        for (const v of vocab.variants.variants(members[0]!.term)) {
          if (!known.has(v)) members.push({ term: v, id: vocab.lookup(v), scale: vw, original: false }), known.add(v);
        }
      }
      const p = this.params;
      if (c.original && s.vectors) {
        const unmatched = !members.some((m) => m.id >= 0 && s.df[m.id]! > 0);
        const w = unmatched ? p.softWeight : p.softAllWeight;
        if (w > 0) {
          const known = new Set(members.map((m) => m.id));
          for (const n of this.neighbours(members[0]!.term)) {
            if (!known.has(n.id)) members.push({ term: s.vocab.term(n.id), id: n.id, scale: w * n.cos, original: false });
          }
        }
      }
      const own = members[0]!;
      let idf = s.idf(own.id);
      if (own.id < 0 || s.df[own.id] === 0) {
        let rarest = 0;
        for (const m of members) if (m.id >= 0 && s.df[m.id]! > 0) rarest = Math.max(rarest, s.idf(m.id));
        if (rarest > 0) idf = rarest;
      }
      for (const m of members) if (m !== own && m.id >= 0) m.scale *= Math.min(1, s.idf(m.id) / idf);
      return { weight: c.weight, idf, original: c.original, action: c.action, members };
    });
  }

  /**
   * Nearest indexed words of a word (see `RankingParams.softWeight`), remembered until the index changes.
   * The search compares the word with every indexed word, so it runs on indexes of at most
   * `vectorScanDocs` tools only; on larger ones, request words almost always have some match anyway.
   */
  private neighbours(term: string): { id: number; cos: number }[] {
    const s = this.store;
    const p = this.params;
    if (s.liveDocs > p.vectorScanDocs) return [];
    if (this.neighbourCacheFor !== s.version) {
      this.neighbourCache.clear();
      this.neighbourCacheFor = s.version;
    }
    let hit = this.neighbourCache.get(term);
    if (hit) return hit;
    const vectors = s.vectors!;
    const row = vectors.table.row(term);
    hit = row < 0 ? [] : vectors.neighbours(row, s.df, s.vocab.size, p.softNeighbours, p.softMinCos);
    if (this.neighbourCache.size >= MAX_NEIGHBOUR_CACHE) this.neighbourCache.clear();
    this.neighbourCache.set(term, hit);
    return hit;
  }

  private extraDocs(extra: readonly IndexedTool[] | undefined): ExtraDoc[] {
    if (!extra || extra.length === 0) return [];
    const bySlug = new Map<string, IndexedTool>();
    for (const t of extra) bySlug.set(t.slug, t);
    return [...bySlug.values()].map((t) => buildExtraDoc(t, this.store.learnedBySlug.get(t.slug)));
  }

  /**
   * Multi-intent retrieval: score the whole query and each clause (one walk over the postings), normalise
   * every run by its best score, and fuse: (1 − w)·whole + w·(best clause). Each clause's top tools reach
   * the top of the fused list even when another clause has stronger matches.
   */
  private fuseClauses(runs: readonly ResolvedConcept[][], plan: QueryPlan, extras: ExtraDoc[], extraScores: Float64Array): void {
    const p = this.params;
    const w = p.clauseWeight;
    const cap = this.store.docCapacity;
    while (this.runBuffers.length < runs.length) this.runBuffers.push(new ScoreBuffer());
    const bufs = this.runBuffers.slice(0, runs.length);
    for (const b of bufs) {
      b.ensure(cap);
      b.reset();
    }
    this.scorer.scoreIndex(plan, p, bufs);

    const fused = this.fused;
    fused.reset();
    const best = this.clauseBest;
    best.ensure(cap);
    best.reset();
    const bestExtra = new Float64Array(extras.length);
    runs.forEach((runTerms, r) => {
      const buf = bufs[r]!;
      const ex = extras.map((e) => this.scorer.scoreExtra(e, runTerms, p));
      const max = Math.max(buf.maxScore(), ...ex);
      if (max <= 0) return;
      if (r === 0) {
        for (let i = 0; i < buf.count; i++) {
          const d = buf.touched[i]!;
          fused.add(d, ((1 - w) * buf.scores[d]!) / max);
        }
        ex.forEach((v, i) => (extraScores[i] = ((1 - w) * v) / max));
      } else {
        for (let i = 0; i < buf.count; i++) {
          const d = buf.touched[i]!;
          best.max(d, buf.scores[d]! / max);
        }
        ex.forEach((v, i) => (bestExtra[i] = Math.max(bestExtra[i]!, v / max)));
      }
    });
    for (let i = 0; i < best.count; i++) {
      const d = best.touched[i]!;
      fused.add(d, w * best.scores[d]!);
    }
    bestExtra.forEach((v, i) => (extraScores[i] = extraScores[i]! + w * v));
  }

  /**
   * The meaning channel: a tool whose vector is unusually close to the request's (its cosine, in standard
   * deviations above the index's mean cosine, exceeds vectorFloor) gains vectorWeight × that margin (at
   * most Z_CAP) × the best lexical score. On an index of at most `vectorScanDocs` tools every tool is
   * compared, and the `vectorOnlyTop` closest ones the words did not find may enter: a request phrased in
   * other words than its tool still finds it. On a larger one only the lexical candidates scoring at least
   * `vectorDepth` × the best are (the channel is a small correction; it cannot lift a tool from further
   * down into the results), which keeps the query time independent of the index size. There, with
   * `visibleOnly`, tools of toolkits the session cannot see are skipped: a bonus only changes its own
   * tool's score, and a toolkit's scores are only ever traded among its own tools (`applyAgentReadyPrior`).
   */
  private applyVectors(queries: readonly VectorQuery[], extras: ExtraDoc[], extraScores: Float64Array, visibleOnly: boolean): void {
    const vectors = this.store.vectors;
    if (!vectors || queries.length === 0) return;
    const p = this.params;
    const s = this.store;
    const fused = this.fused;
    let best = fused.maxScore();
    for (const v of extraScores) best = Math.max(best, v);
    if (!(best > 0)) best = 1;
    const gain = p.vectorWeight * best;
    const floor = p.vectorFloor;
    const zOfDoc = (d: number): number => {
      let z = -Infinity;
      for (const x of queries) z = Math.max(z, (vectors.cosine(d, x.q) - x.mean) / x.sd);
      return Math.min(Z_CAP, z - floor);
    };

    if (s.liveDocs <= p.vectorScanDocs) {
      const outsiders = new TopK(p.vectorOnlyTop);
      const cap = Math.min(s.docCapacity, vectors.invNorm.length);
      for (let d = 0; d < cap; d++) {
        if (s.alive[d] !== 1 || vectors.invNorm[d] === 0) continue;
        const z = zOfDoc(d);
        if (z <= 0) continue;
        if (fused.has(d)) fused.add(d, gain * z);
        else if (outsiders.wouldKeep(z, s.slugs[d]!)) outsiders.offer({ slug: s.slugs[d]!, score: z });
      }
      for (const o of outsiders.result()) fused.add(s.slugToDoc.get(o.slug)!, gain * o.score);
    } else {
      const threshold = p.vectorDepth * best;
      // The candidates compared: scoring at least the threshold, of a toolkit the session can see (`visibleOnly`).
      const { touched, scores } = fused;
      const docToolkit = s.docToolkit;
      if (this.compared.length < fused.count) this.compared = new Int32Array(Math.max(fused.count, this.compared.length * 2));
      const compared = this.compared;
      let n = 0;
      // Candidates come in runs of one toolkit: its visibility is asked once per run.
      let lastTk = -1;
      let visible = true;
      for (let i = 0; i < fused.count; i++) {
        const d = touched[i]!;
        if (scores[d]! < threshold) continue;
        if (visibleOnly) {
          const tk = docToolkit[d]!;
          if (tk !== lastTk) {
            lastTk = tk;
            visible = this.filter.toolkitVisible(tk);
          }
          if (!visible) continue;
        }
        compared[n++] = d;
      }
      // A tool is as close as it is to the closest meaning vector (one per clause with vectorClauses).
      if (this.closest.length < n) this.closest = new Float64Array(Math.max(n, this.closest.length * 2));
      const closest = this.closest;
      closest.fill(Number.NEGATIVE_INFINITY, 0, n);
      for (const x of queries) {
        const cos = vectors.cosines(compared, n, x.q);
        for (let k = 0; k < n; k++) closest[k] = Math.max(closest[k]!, (cos[k]! - x.mean) / x.sd);
      }
      // Bonuses are added once all are known: adding them while walking would have moved the threshold.
      for (let k = 0; k < n; k++) {
        const z = Math.min(Z_CAP, closest[k]! - floor);
        if (z > 0) fused.add(compared[k]!, gain * z);
      }
    }
    extras.forEach((e, i) => {
      const v = vectors.vectorOfTerms(e.fields);
      if (!v) return;
      let z = -Infinity;
      for (const x of queries) z = Math.max(z, (dotUnit(x.q, v) - x.mean) / x.sd);
      z = Math.min(Z_CAP, z - floor);
      if (z > 0) extraScores[i] = extraScores[i]! + gain * z;
    });
  }

  /**
   * One meaning vector per run (the whole request, then each clause of a multi-intent one), for
   * `applyVectors`: a tool counts as close as it is to the closest of them.
   */
  private vectorQueries(runs: readonly (readonly ResolvedConcept[])[]): VectorQuery[] {
    const vectors = this.store.vectors!;
    const p = this.params;
    const queries: VectorQuery[] = [];
    for (const terms of runs) {
      const q = vectors.queryVector(
        terms
          .filter((c) => c.original && !(c.action && p.vectorSkipAction))
          .map((c) => ({ term: c.members[0]!.term, weight: c.weight * (p.vectorQueryIdf ? c.idf : 1) })),
        !p.vectorQueryIdf,
      );
      const spread = q && this.cosineSpread(vectors, q);
      if (q && spread) queries.push({ q, ...spread });
    }
    return queries;
  }

  /**
   * Mean and standard deviation of the request's cosine over the index, from every k-th doc id with
   * k = ⌊capacity / SPREAD_SAMPLE⌋ (so from every tool below 2 × SPREAD_SAMPLE ids): a few hundred
   * cosines pin both down, whatever the index size.
   */
  private cosineSpread(vectors: DocVectors, q: Float32Array): { mean: number; sd: number } | undefined {
    const s = this.store;
    const cap = Math.min(s.docCapacity, vectors.invNorm.length);
    const step = Math.max(1, Math.floor(cap / SPREAD_SAMPLE));
    let n = 0;
    let sum = 0;
    let sum2 = 0;
    for (let d = 0; d < cap; d += step) {
      if (s.alive[d] !== 1 || vectors.invNorm[d] === 0) continue;
      const c = vectors.cosine(d, q);
      n++;
      sum += c;
      sum2 += c * c;
    }
    if (n === 0) return undefined;
    const mean = sum / n;
    return { mean, sd: Math.sqrt(Math.max(1e-9, sum2 / n - mean * mean)) };
  }

  /**
   * A request that led to tools before (`tools`, from RepeatMemory) adds repeatWeight × (the tool's share of that
   * request) × the best score so far to those tools.
   */
  private applyRepeats(tools: ReadonlyMap<string, number>, extras: ExtraDoc[], extraScores: Float64Array): void {
    const w = this.params.repeatWeight;
    let best = this.fused.maxScore();
    for (const v of extraScores) best = Math.max(best, v);
    if (!(best > 0)) best = 1;
    for (const [slug, share] of tools) {
      const i = extras.findIndex((e) => e.tool.slug === slug);
      if (i >= 0) extraScores[i] = extraScores[i]! + w * share * best;
      const d = this.store.slugToDoc.get(slug);
      if (d !== undefined && i < 0) this.fused.add(d, w * share * best);
    }
  }

  /** The toolkits the request names ("on GitHub", "my YouTube playlists"), among the indexed ones and `extras`'. */
  private findMentions(query: string, extras: readonly ExtraDoc[]): Mention[] {
    const p = this.params;
    if (p.mentionBoost <= 0 && p.bareMentionBoost <= 0) return [];
    const extraKeys = new Map<string, string[]>();
    for (const e of extras) {
      if (!extraKeys.has(e.tool.toolkit)) extraKeys.set(e.tool.toolkit, toolkitMentionKeys(e.tool.toolkit, e.tool.toolkitName));
    }
    return this.mentions.find(query, extraKeys);
  }

  /** Multiplies the scores of tools whose toolkit the query names. */
  private applyMentions(found: readonly Mention[], extras: ExtraDoc[], extraScores: Float64Array): void {
    const p = this.params;
    if (found.length === 0) return;
    const factor = new Map<string, number>();
    for (const m of found) factor.set(m.toolkit, 1 + (m.cued ? p.mentionBoost : p.bareMentionBoost));
    const s = this.store;
    for (const [toolkit, f] of factor) {
      const tk = s.toolkitIds.get(toolkit);
      if (tk === undefined || f === 1) continue;
      for (const d of s.tkDocs[tk]!) this.fused.scores[d] = this.fused.scores[d]! * f;
    }
    extras.forEach((e, i) => (extraScores[i] = extraScores[i]! * (factor.get(e.tool.toolkit) ?? 1)));
  }

  /**
   * Ranks agent tools above the raw operations of their toolkit: in a toolkit with curated tools each
   * raw operation's score is divided (`rawOperationPrior`); in one whose agent tools are reference tools
   * only, the toolkit's candidates are reordered among themselves (`referencePrior`).
   *
   * Only the first `depth` tools the session may see are selected afterwards, so the reordering hands out
   * exactly only the scores those can reach (see WindowOrder): the `depth`-th best score among candidates
   * that are surely returnable — their toolkit wholly visible, not shadowed by an inline tool, not in a
   * window with a candidate that is not — is such a floor, since reordering only trades scores within a
   * window and later steps only add. `exact` docs (those a repeat boosts later) keep their exact score.
   */
  private applyAgentReadyPrior(
    leading: readonly (string | undefined)[],
    depth: number,
    exact: ReadonlySet<number> | undefined,
    shadowed: ReadonlySet<number> | undefined,
  ): number {
    const { rawOperationPrior, referencePrior } = this.params;
    const s = this.store;
    const f = this.fused;
    const filter = this.filter;
    const scale = 1 / (1 + Math.max(0, rawOperationPrior));
    const groups = this.groups;
    groups.clear(); // (left filled only by a query that threw)
    const floor = this.floor;
    floor.reset(depth);
    let floorValid = true;
    // Candidates come mostly in runs of one toolkit (docs are numbered toolkit by toolkit, postings by doc), so
    // what depends on the toolkit only is looked up once per run.
    const { touched, scores } = f;
    const { docToolkit, tkAgentReady, agentReady, alive } = s;
    let lastTk = -1;
    let curated = false;
    let group: ToolkitGroup | undefined;
    let whole = false;
    for (let i = 0; i < f.count; i++) {
      const d = touched[i]!;
      const tk = docToolkit[d]!;
      if (tk !== lastTk) {
        lastTk = tk;
        const kinds = tkAgentReady[tk]!;
        curated = (kinds & AGENT_CURATED) !== 0;
        // Reordering only swaps scores among the toolkit's own candidates (the best score stays the
        // best), so in a toolkit the session cannot see it would change nothing that is returned.
        group = !curated && kinds & AGENT_REFERENCE && referencePrior > 0 && filter.toolkitVisible(tk) ? groups.of(tk) : undefined;
        whole = filter.toolkitWhole(tk);
      }
      if (curated) {
        if (rawOperationPrior > 0 && agentReady[d] === 0) scores[d] = scores[d]! * scale;
      } else if (group !== undefined) {
        group.push(d);
        if (agentReady[d] === AGENT_REFERENCE) group.hasReference = true;
        // A candidate that cannot be returned could take a returnable one's score: no floor then.
        if (alive[d] !== 1 || shadowed?.has(d)) floorValid = false;
      }
      const v = scores[d]!;
      if (v > 0 && whole && alive[d] === 1 && !shadowed?.has(d)) floor.offer(v);
    }
    const least = floorValid ? floor.value() : Number.NEGATIVE_INFINITY;
    const refScale = 1 / (1 + referencePrior);
    const verbs = groups.size > 0 ? requestVerbs(leading) : undefined;
    const verbIds = verbs && this.termIds(verbs);
    for (let g = 0; g < groups.size; g++) {
      const { docs, count, hasReference } = groups.at(g);
      if (!hasReference || count < 2) continue; // raw operations alone keep their order
      // A reference tool that does another thing than asked ("create an issue" for "close an issue") gets no lift.
      const lifted = this.lifted;
      lifted.length = 0;
      let low = Number.POSITIVE_INFINITY;
      let high = 0;
      for (let i = 0; i < count; i++) {
        const d = docs[i]!;
        if (s.agentReady[d] !== AGENT_REFERENCE || this.namesOtherAction(d, verbIds)) continue;
        lifted.push(d);
        low = Math.min(low, f.scores[d]!);
        high = Math.max(high, f.scores[d]!);
      }
      if (lifted.length === 0) continue;
      // Only tools scored between the lowest lifted tool and (1 + p) × the highest can change places.
      const top = high / refScale;
      const all = this.fillWindow(docs, count, low, top);
      if (all < 2) continue;
      const window = this.window;
      const keys = this.windowKeys;
      const mark = this.liftedMark;
      for (const d of lifted) mark[d] = 1;
      // With a floor and no exact score wanted, only entries keyed at least floor × refScale can take a score at or
      // above the floor (every entry holding one is keyed that high): the others keep theirs, all below it.
      const minKey = exact === undefined ? least * refScale : Number.NEGATIVE_INFINITY;
      let needsExact = false;
      let n = 0;
      for (let i = 0; i < all; i++) {
        const d = window[i]!;
        const key = mark[d] === 1 ? f.scores[d]! : f.scores[d]! * refScale;
        if (key < minKey) continue;
        window[n] = d;
        keys[n++] = key;
        if (exact?.has(d)) needsExact = true;
      }
      for (const d of lifted) mark[d] = 0;
      if (n >= 2) this.windowOrder.apply(f.scores, window, keys, n, least, needsExact);
    }
    groups.clear();
    return least;
  }

  /** Puts the docs of `docs[0..count)` scored within [low, top] into `this.window`; returns how many. */
  private fillWindow(docs: Int32Array, count: number, low: number, top: number): number {
    if (this.window.length < count) {
      this.window = new Int32Array(Math.max(count, this.window.length * 2));
      this.windowKeys = new Float64Array(this.window.length);
    }
    if (this.liftedMark.length < this.store.docCapacity) this.liftedMark = new Uint8Array(Math.max(this.store.docCapacity, this.liftedMark.length * 2));
    const scores = this.fused.scores;
    let n = 0;
    for (let i = 0; i < count; i++) {
      const d = docs[i]!;
      const v = scores[d]!;
      if (v >= low && v <= top) this.window[n++] = d;
    }
    return n;
  }

  /** The action verbs the request's clauses start with, each with its synonyms; undefined when a clause has none. */
  private askedVerbs(leading: readonly (string | undefined)[]): Set<string> | undefined {
    if (this.params.verbConflict <= 0) return undefined;
    return requestVerbs(leading);
  }

  /**
   * Whether doc `d`'s name starts with an action verb that is not among `verbs` (what the request asks, as
   * term ids: see `termIds`), and names none of them later ("Create or update file contents" does what
   * "update" asks). Called for every reference-tool candidate (hundreds for GitHub), so ids are compared
   * and nothing is copied.
   */
  private namesOtherAction(d: number, verbs: ReadonlySet<number> | undefined): boolean {
    const ids = this.store.nameTerms[d];
    if (verbs === undefined || !ids || ids.length === 0) return false;
    if (verbs.has(ids[0]!) || !this.isActionVerb(ids[0]!)) return false;
    for (let i = 1; i < ids.length; i++) if (verbs.has(ids[i]!)) return false;
    return true;
  }

  /** Whether term `id` is one of ACTION_VERBS, remembered per id (ids are never reassigned to another term). */
  private isActionVerb(id: number): boolean {
    let known = this.actionVerbIds;
    if (id >= known.length) {
      const next = new Uint8Array(Math.max(id + 1, known.length * 2, 1024));
      next.set(known);
      this.actionVerbIds = known = next;
    }
    let v = known[id]!;
    if (v === 0) known[id] = v = ACTION_VERBS.has(this.store.vocab.term(id)) ? VERB : NOT_VERB;
    return v === VERB;
  }

  /** The ids of the indexed terms among `terms`: the vocabulary maps terms to ids one to one, so a term with no id is in no name. */
  private termIds(terms: ReadonlySet<string>): Set<number> {
    const out = new Set<number>();
    for (const t of terms) {
      const id = this.store.vocab.lookup(t);
      if (id >= 0) out.add(id);
    }
    return out;
  }

  /**
   * Multiplies each candidate's score by 1 + nameMatch × (idf-weighted share of its name terms the query
   * asks for; a term the query only implies — synonym, variant, "me" → authenticated user — counts
   * `nameExpansionCredit`), and by 1 − verbConflict when its name starts with another action than asked.
   * Long requests get a proportionally smaller name match (`nameMatchWords`).
   */
  private rerankByName(
    candidates: Candidate[],
    concepts: readonly ResolvedConcept[],
    extras: readonly ExtraDoc[],
    limit: number,
    verbs: Set<string> | undefined,
    leading: readonly (string | undefined)[],
  ): SearchHit[] {
    const s = this.store;
    const words = concepts.filter((c) => c.original && !c.feedback).length;
    const fullUpTo = this.params.nameMatchWords;
    const beta = this.params.nameMatch * (fullUpTo > 0 && words > fullUpTo ? fullUpTo / words : 1);
    const conflict = 1 - this.params.verbConflict;
    const says = verbs ? this.describesVerbs(candidates, extras, leading) : undefined;
    const disagrees = (nameVerb: string | undefined, slug: string) =>
      verbs !== undefined && nameVerb !== undefined && ACTION_VERBS.has(nameVerb) && !verbs.has(nameVerb) && !says!.has(slug);
    const credit = this.params.nameExpansionCredit;
    const asked = new Map<string, number>();
    // The same weights by term id (terms and ids are one to one), in a table kept across queries: zeroed again below.
    let askedId = this.askedId;
    const askedIds: number[] = [];
    for (const c of concepts) {
      if (c.feedback) continue;
      for (const m of c.members) {
        const v = Math.max(asked.get(m.term) ?? 0, m.original ? 1 : credit);
        asked.set(m.term, v);
        if (m.id < 0) continue;
        if (m.id >= askedId.length) this.askedId = askedId = growFloat64(askedId, m.id + 1);
        askedId[m.id] = v;
        askedIds.push(m.id);
      }
    }
    const nameIdf = this.nameIdf;
    const extraBySlug = new Map(extras.map((e) => [e.tool.slug, e]));
    const out = candidates.map((c) => {
      let total = 0;
      let hit = 0;
      let nameVerb: string | undefined;
      const extra = extras.length > 0 ? extraBySlug.get(c.slug) : undefined;
      if (extra) {
        nameVerb = extra.nameTerms[0];
        for (const term of extra.nameTerms) {
          const idf = s.idf(s.vocab.lookup(term));
          total += idf;
          hit += idf * (asked.get(term) ?? 0);
        }
      } else {
        const d = c.doc ?? s.slugToDoc.get(c.slug);
        if (d !== undefined) {
          if (verbs !== undefined) {
            const ids = s.nameTerms[d];
            if (ids && ids.length > 0) nameVerb = s.vocab.term(ids[0]!);
          }
          // The same sums as a loop over the name's term ids with the store's idf (see NameIdf), from a flat buffer.
          total = nameIdf.nameTotal(d);
          hit = nameIdf.nameHit(d, askedId);
        }
      }
      const score = total > 0 ? c.score * (1 + (beta * hit) / total) : c.score;
      return { slug: c.slug, score: disagrees(nameVerb, c.slug) ? score * conflict : score };
    });
    for (const id of askedIds) askedId[id] = 0;
    return out.sort((a, b) => b.score - a.score || (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0)).slice(0, limit);
  }

  /**
   * The candidates whose description uses one of the request's own action verbs: a tool named "Create a
   * workflow dispatch event" that says it triggers a workflow does what "trigger a workflow" asks, so its
   * name's verb is no disagreement.
   */
  private describesVerbs(candidates: readonly Candidate[], extras: readonly ExtraDoc[], leading: readonly (string | undefined)[]): Set<string> {
    const s = this.store;
    const out = new Set<string>();
    for (const e of extras) if (leading.some((v) => v !== undefined && e.tf.get(v)?.[Field.description])) out.add(e.tool.slug);
    const bySlug = new Map<number, string>();
    for (const c of candidates) {
      const d = c.doc ?? s.slugToDoc.get(c.slug);
      if (d !== undefined) bySlug.set(d, c.slug);
    }
    for (const v of new Set(leading)) {
      if (v === undefined) continue;
      const list = s.core[s.vocab.lookup(v)];
      if (!list) continue;
      for (let i = 0; i < list.length; i++) {
        const slug = bySlug.get(list.docs[i]!);
        if (slug !== undefined && list.tfs[i * FIELD_COUNT + Field.description]! > 0) out.add(slug);
      }
    }
    return out;
  }

  /**
   * Top `limit` by score then slug, applying `allow` before a candidate can take a slot. `least` is a score
   * the `limit` best are known to reach (see `applyAgentReadyPrior`): a doc below it is passed over at once.
   */
  private select(limit: number, extras: ExtraDoc[], extraScores: Float64Array, allow: ((slug: string) => boolean) | undefined, least: number): Candidate[] {
    const top = new TopK(limit);
    const s = this.store;
    const shadowed = extras.length > 0 ? new Set(extras.map((e) => e.tool.slug)) : undefined;
    const f = this.fused;
    for (let i = 0; i < f.count; i++) {
      const d = f.touched[i]!;
      const score = f.scores[d]!;
      if (score < least || !(score > 0) || s.alive[d] !== 1 || !this.filter.toolkitVisible(s.docToolkit[d]!)) continue;
      const slug = s.slugs[d]!;
      if (!top.wouldKeep(score, slug)) continue;
      if (shadowed?.has(slug)) continue; // a per-query definition replaces the indexed one
      if (!this.filter.allows(d)) continue;
      top.offer({ slug, score, doc: d });
    }
    extras.forEach((e, i) => {
      const score = extraScores[i]!;
      if (!(score > 0) || !top.wouldKeep(score, e.tool.slug)) return;
      if (allow && !allow(e.tool.slug)) return;
      top.offer({ slug: e.tool.slug, score });
    });
    return top.result();
  }
}

/** The action verbs the request's clauses start with, each with its synonyms; undefined when a clause has none. */
function requestVerbs(leading: readonly (string | undefined)[]): Set<string> | undefined {
  const verbs = new Set<string>();
  for (const v of leading) {
    if (v === undefined) return undefined; // some intent is not phrased as an action: nothing to disagree with
    for (const t of synonymsOf(v)) verbs.add(t);
  }
  return verbs;
}

const VERB = 1;
const NOT_VERB = 2;

/** A copy of `a` with room for at least `n` values (zeros past the old ones). */
function growFloat64(a: Float64Array, n: number): Float64Array<ArrayBuffer> {
  const out = new Float64Array(Math.max(n, a.length * 2, 1024));
  out.set(a);
  return out;
}
