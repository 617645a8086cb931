import type { IndexedTool, LearnedQuery, SearchHit, SearchOptions } from '../types.js';
import { toolkitMentionKeys } from './document.js';
import { feedbackTerms } from './feedback.js';
import { IndexStore } from './index-store.js';
import { summarizeLearned } from './learned.js';
import { ACTION_VERBS, leadingVerb, splitClauses } from './multi-intent.js';
import { resolveParams, type RankingParams } from './params.js';
import { parseQuery } from './query.js';
import { synonymsOf } from './synonyms.js';
import { ScoreBuffer } from './score-buffer.js';
import { buildExtraDoc, type ExtraDoc, planOf, type ResolvedTerm, Scorer } from './scorer.js';
import { TopK } from './top-k.js';
import { MentionIndex } from './toolkit-mentions.js';

/** Clauses beyond this many are ignored for per-clause retrieval (they still count in the whole query). */
const MAX_CLAUSES = 6;
/** How many of the best candidates the name-match signal re-scores (it can lift a tool at most 1 + nameMatch times). */
const RERANK_DEPTH = 100;

/**
 * In-process tool search: BM25F over tool fields, toolkit-level evidence, synonym expansion, toolkit
 * mentions, multi-intent clause retrieval and learned (doc2query-style) expansion from past usage.
 * Synchronous and allocation-light at query time; all updates are incremental.
 */
export class ToolIndex {
  readonly params: RankingParams;
  private readonly store = new IndexStore();
  private readonly scorer = new Scorer(this.store);
  private readonly mentions = new MentionIndex();
  private readonly full = new ScoreBuffer();
  /** Per-run scores of a multi-intent query (whole query first, then each clause). */
  private readonly runBuffers: ScoreBuffer[] = [];
  private readonly clauseBest = new ScoreBuffer();
  private readonly fused = new ScoreBuffer();

  constructor(params?: Partial<RankingParams>) {
    this.params = resolveParams(params);
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
  }

  search(query: string, options: SearchOptions): SearchHit[] {
    const limit = Math.floor(options.limit);
    if (!(limit > 0)) return [];
    const p = this.params;
    const extras = this.extraDocs(options.extra);
    let terms = this.resolve(query);
    if (terms.length === 0) return [];
    const cap = this.store.docCapacity;
    this.fused.ensure(cap);
    if (p.prfDocs > 0) {
      this.full.reset();
      this.scorer.scoreIndex(planOf([terms]), p, [this.full]);
      terms = [...terms, ...feedbackTerms(this.store, this.full, terms, p)];
    }

    const extraScores = new Float64Array(extras.length);
    const clauses =
      p.clauseWeight > 0
        ? splitClauses(query)
            .slice(0, MAX_CLAUSES)
            .map((c) => this.resolve(c))
            .filter((t) => t.length > 0)
        : [];
    if (clauses.length > 1) this.fuseClauses(terms, clauses, extras, extraScores);
    else {
      this.fused.reset();
      this.scorer.scoreIndex(planOf([terms]), p, [this.fused]);
      extras.forEach((e, i) => (extraScores[i] = this.scorer.scoreExtra(e, terms, p)));
    }
    this.applyMentions(query, extras, extraScores);
    if (p.nameMatch <= 0) return this.select(limit, extras, extraScores, options.allow);
    const candidates = this.select(Math.max(limit, RERANK_DEPTH), extras, extraScores, options.allow);
    return this.rerankByName(candidates, terms, extras, limit, this.askedVerbs(query));
  }

  /** Query text → weighted terms with index ids, plus indexed derivational variants of the original terms. */
  private resolve(text: string): ResolvedTerm[] {
    const vocab = this.store.vocab;
    const parsed = parseQuery(text, this.params);
    const out: ResolvedTerm[] = parsed.map((q) => ({ ...q, id: vocab.lookup(q.term) }));
    const vw = this.params.variantWeight;
    if (vw > 0) {
      const present = new Map(out.map((t) => [t.term, t]));
      for (const q of parsed) {
        if (!q.original) continue;
        for (const v of vocab.variants.variants(q.term)) {
          const w = vw * q.weight;
          const prev = present.get(v);
          if (prev) {
            if (prev.weight < w && !prev.original) prev.weight = w;
            continue;
          }
          const t: ResolvedTerm = { term: v, weight: w, original: false, id: vocab.lookup(v) };
          present.set(v, t);
          out.push(t);
        }
      }
    }
    return out;
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
  private fuseClauses(terms: ResolvedTerm[], clauses: ResolvedTerm[][], extras: ExtraDoc[], extraScores: Float64Array): void {
    const p = this.params;
    const w = p.clauseWeight;
    const runs = [terms, ...clauses];
    const cap = this.store.docCapacity;
    while (this.runBuffers.length < runs.length) this.runBuffers.push(new ScoreBuffer());
    const bufs = this.runBuffers.slice(0, runs.length);
    for (const b of bufs) {
      b.ensure(cap);
      b.reset();
    }
    this.scorer.scoreIndex(planOf(runs), p, bufs);

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

  /** Multiplies the scores of tools whose toolkit the query names. */
  private applyMentions(query: string, extras: ExtraDoc[], extraScores: Float64Array): void {
    const p = this.params;
    if (p.mentionBoost <= 0 && p.bareMentionBoost <= 0) return;
    const extraKeys = new Map<string, string[]>();
    for (const e of extras) {
      if (!extraKeys.has(e.tool.toolkit)) extraKeys.set(e.tool.toolkit, toolkitMentionKeys(e.tool.toolkit, e.tool.toolkitName));
    }
    const found = this.mentions.find(query, extraKeys);
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
   * Multiplies each candidate's score by 1 + nameMatch × (idf-weighted share of its name terms the query
   * asks for; a term the query only implies — synonym, variant, "me" → authenticated user — counts
   * `nameExpansionCredit`).
   */
  /** The action verbs the request's clauses start with, each with its synonyms; undefined when a clause has none. */
  private askedVerbs(query: string): Set<string> | undefined {
    if (this.params.verbConflict <= 0) return undefined;
    const clauses = splitClauses(query).slice(0, MAX_CLAUSES);
    const verbs = new Set<string>();
    for (const c of clauses) {
      const v = leadingVerb(c);
      if (v === undefined) return undefined; // some intent is not phrased as an action: nothing to disagree with
      for (const t of synonymsOf(v)) verbs.add(t);
    }
    return verbs;
  }

  private rerankByName(
    candidates: SearchHit[],
    terms: readonly ResolvedTerm[],
    extras: readonly ExtraDoc[],
    limit: number,
    verbs: Set<string> | undefined,
  ): SearchHit[] {
    const s = this.store;
    const beta = this.params.nameMatch;
    const conflict = 1 - this.params.verbConflict;
    const disagrees = (nameVerb: string | undefined) => verbs !== undefined && nameVerb !== undefined && ACTION_VERBS.has(nameVerb) && !verbs.has(nameVerb);
    const credit = this.params.nameExpansionCredit;
    const asked = new Map<string, number>();
    for (const t of terms) asked.set(t.term, Math.max(asked.get(t.term) ?? 0, t.original ? 1 : credit));
    const askedId = new Map<number, number>();
    for (const t of terms) if (t.id >= 0) askedId.set(t.id, asked.get(t.term)!);
    const extraBySlug = new Map(extras.map((e) => [e.tool.slug, e]));
    const out = candidates.map((c) => {
      let total = 0;
      let hit = 0;
      let nameVerb: string | undefined;
      const extra = extraBySlug.get(c.slug);
      if (extra) {
        nameVerb = extra.nameTerms[0];
        for (const term of extra.nameTerms) {
          const idf = s.idf(s.vocab.lookup(term));
          total += idf;
          hit += idf * (asked.get(term) ?? 0);
        }
      } else {
        const d = s.slugToDoc.get(c.slug);
        const ids = d === undefined ? undefined : s.nameTerms[d];
        if (ids) {
          if (ids.length > 0) nameVerb = s.vocab.term(ids[0]!);
          for (const id of ids) {
            const idf = s.idf(id);
            total += idf;
            hit += idf * (askedId.get(id) ?? 0);
          }
        }
      }
      const score = total > 0 ? c.score * (1 + (beta * hit) / total) : c.score;
      return { slug: c.slug, score: disagrees(nameVerb) ? score * conflict : score };
    });
    return out.sort((a, b) => b.score - a.score || (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0)).slice(0, limit);
  }

  /** Top `limit` by score then slug, applying `allow` before a candidate can take a slot. */
  private select(limit: number, extras: ExtraDoc[], extraScores: Float64Array, allow?: (slug: string) => boolean): SearchHit[] {
    const top = new TopK(limit);
    const s = this.store;
    const shadowed = extras.length > 0 ? new Set(extras.map((e) => e.tool.slug)) : undefined;
    const f = this.fused;
    for (let i = 0; i < f.count; i++) {
      const d = f.touched[i]!;
      const score = f.scores[d]!;
      if (!(score > 0) || s.alive[d] !== 1) continue;
      const slug = s.slugs[d]!;
      if (!top.wouldKeep(score, slug)) continue;
      if (shadowed?.has(slug)) continue; // a per-query definition replaces the indexed one
      if (allow && !allow(slug)) continue;
      top.offer({ slug, score });
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
