import type { IndexedTool } from '../types.js';
import { buildFields, FIELD_COUNT, nameTermsOf } from './document.js';
import { type IndexStore, relativeLength } from './index-store.js';
import type { LearnedSummary } from './learned.js';
import type { RankingParams } from './params.js';
import { ScoreBuffer } from './score-buffer.js';

const F = FIELD_COUNT;
/** Only the best-scoring toolkits propagate their score to their tools. */
const MAX_PROPAGATED_TOOLKITS = 16;
/**
 * A toolkit this small gives its score to all of its tools; a larger one only to the tools that matched
 * the query themselves. A tool with no word in common with the request, in a toolkit of hundreds, is
 * rarely the one wanted, and walking every tool of every big toolkit would dominate query time.
 */
const SMALL_TOOLKIT = 64;

/** A query term resolved against the index. */
export interface ResolvedTerm {
  term: string;
  id: number; // -1 when no indexed document has it
  weight: number;
  original: boolean;
}

/**
 * Several rankings computed in one walk over the postings: run 0 is the whole query, the others its
 * clauses. BM25F is a sum over query terms, so each run is the same per-term contributions with its own
 * term weights (0 = term not in that run).
 */
export interface QueryPlan {
  terms: { term: string; id: number; weights: number[]; original: boolean[] }[];
  runs: number;
}

export function planOf(runs: readonly (readonly ResolvedTerm[])[]): QueryPlan {
  const byTerm = new Map<string, QueryPlan['terms'][number]>();
  runs.forEach((terms, r) => {
    for (const t of terms) {
      let e = byTerm.get(t.term);
      if (!e) {
        e = { term: t.term, id: t.id, weights: new Array<number>(runs.length).fill(0), original: new Array<boolean>(runs.length).fill(false) };
        byTerm.set(t.term, e);
      }
      e.weights[r] = t.weight;
      e.original[r] = t.original;
    }
  });
  return { terms: [...byTerm.values()], runs: runs.length };
}

/** Per-query document for `SearchOptions.extra`, scored with the index's statistics. */
export interface ExtraDoc {
  tool: IndexedTool;
  /** term → tf per field */
  tf: Map<string, Uint8Array>;
  fieldLen: number[];
  nameTerms: string[];
  learned: Map<string, number> | undefined;
  learnedLen: number;
}

export function buildExtraDoc(tool: IndexedTool, learned: LearnedSummary | undefined): ExtraDoc {
  const fields = buildFields(tool);
  const tf = new Map<string, Uint8Array>();
  fields.forEach((terms, f) => {
    for (const t of terms) {
      let row = tf.get(t);
      if (!row) tf.set(t, (row = new Uint8Array(F)));
      if (row[f]! < 255) row[f]!++;
    }
  });
  const l = learned ? new Map(learned.terms.map((t, i) => [t, learned.weights[i]!])) : undefined;
  return { tool, tf, fieldLen: fields.map((f) => f.length), nameTerms: nameTermsOf(fields), learned: l, learnedLen: learned?.length ?? 0 };
}

/**
 * Term-at-a-time BM25F with reusable scratch. `tfAcc` collects the field-weighted, length-normalised
 * term frequency of the current term per doc: BM25F sums the fields *before* saturation, so a word in
 * both name and description is one strong match, not two independent ones.
 */
export class Scorer {
  private tfAcc: Float64Array = new Float64Array(0);
  private termDocs: Int32Array = new Int32Array(0);
  private tkScores: Float64Array[] = [];
  private tkBonus: Float64Array = new Float64Array(0);
  private tkMark: Uint8Array = new Uint8Array(0);
  private readonly tkTouched: number[] = [];
  private readonly covs: ScoreBuffer[] = [];

  constructor(private readonly store: IndexStore) {}

  private ensure(runs: number): void {
    const n = this.store.docCapacity;
    if (this.tfAcc.length < n) this.tfAcc = new Float64Array(Math.max(n, this.tfAcc.length * 2));
    if (this.termDocs.length < 2 * n) this.termDocs = new Int32Array(Math.max(2 * n, this.termDocs.length * 2));
    const t = this.store.toolkitCapacity;
    for (let r = 0; r < runs; r++) {
      const cur = this.tkScores[r];
      if (!cur || cur.length < t) this.tkScores[r] = new Float64Array(Math.max(t, (cur?.length ?? 0) * 2, 16));
    }
    if (this.tkBonus.length < t) this.tkBonus = new Float64Array(Math.max(t, this.tkBonus.length * 2, 16));
    if (this.tkMark.length < t) this.tkMark = new Uint8Array(Math.max(t, this.tkMark.length * 2, 16));
  }

  /**
   * Adds each run's score for every matching indexed doc into `outs[run]`: BM25F over the fields and the
   * learned queries, times query coverage if enabled, plus the weighted toolkit-document score.
   */
  scoreIndex(plan: QueryPlan, p: RankingParams, outs: readonly ScoreBuffer[]): void {
    const s = this.store;
    s.refreshNorms(p);
    this.ensure(plan.runs);
    const cap = s.docCapacity;
    for (const o of outs) o.ensure(cap);
    const useCoverage = p.coverage > 0;
    if (useCoverage) {
      for (let r = 0; r < plan.runs; r++) {
        const c = (this.covs[r] ??= new ScoreBuffer());
        c.ensure(cap);
        c.reset();
      }
    }
    const { norm, learnedNorm } = s;
    const tfAcc = this.tfAcc;
    const termDocs = this.termDocs;
    const k1 = p.k1;
    const runs = plan.runs;
    for (const qt of plan.terms) {
      if (qt.id < 0) continue;
      const idf = s.idf(qt.id);
      if (idf <= 0) continue;
      let n = 0;
      const core = s.core[qt.id];
      if (core && core.length > 0) {
        const docs = core.docs;
        const tfs = core.tfs;
        for (let i = 0, base = 0; i < core.length; i++, base += F) {
          const d = docs[i]!;
          const nb = d * F;
          let x = 0;
          for (let f = 0; f < F; f++) {
            const tf = tfs[base + f]!;
            if (tf !== 0) x += tf * norm[nb + f]!;
          }
          if (tfAcc[d] === 0) termDocs[n++] = d;
          tfAcc[d] = tfAcc[d]! + x;
        }
      }
      const learned = s.learned[qt.id];
      if (learned && learned.length > 0) {
        for (let i = 0; i < learned.length; i++) {
          const d = learned.docs[i]!;
          if (tfAcc[d] === 0) termDocs[n++] = d;
          tfAcc[d] = tfAcc[d]! + learned.weights[i]! * learnedNorm[d]!;
        }
      }
      const w = qt.weights;
      if (runs === 1) {
        const out = outs[0]!;
        const wi = w[0]! * idf;
        const cov = useCoverage ? this.covs[0]! : undefined;
        for (let i = 0; i < n; i++) {
          const d = termDocs[i]!;
          const x = tfAcc[d]!;
          if (x === 0) continue;
          tfAcc[d] = 0;
          out.add(d, (wi * x * (k1 + 1)) / (x + k1));
          cov?.add(d, wi);
        }
      } else {
        for (let i = 0; i < n; i++) {
          const d = termDocs[i]!;
          const x = tfAcc[d]!;
          if (x === 0) continue;
          tfAcc[d] = 0;
          const v = (idf * x * (k1 + 1)) / (x + k1);
          for (let r = 0; r < runs; r++) {
            const wr = w[r]!;
            if (wr === 0) continue;
            outs[r]!.add(d, wr * v);
            if (useCoverage) this.covs[r]!.add(d, wr * idf);
          }
        }
      }
    }
    if (useCoverage) {
      for (let r = 0; r < runs; r++) {
        let mass = 0;
        for (const t of plan.terms) if (t.original[r]) mass += t.weights[r]! * s.idf(t.id);
        if (mass <= 0) continue;
        const out = outs[r]!;
        const cov = this.covs[r]!;
        for (let i = 0; i < out.count; i++) {
          const d = out.touched[i]!;
          out.scores[d] = out.scores[d]! * Math.pow(Math.min(1, cov.scores[d]! / mass), p.coverage);
        }
      }
    }
    if (p.toolkitDocWeight > 0) this.propagateToolkits(plan, p, outs);
  }

  /** Toolkit-document BM25, added (× toolkitDocWeight) to the tools of the best-matching toolkits. */
  private propagateToolkits(plan: QueryPlan, p: RankingParams, outs: readonly ScoreBuffer[]): void {
    const s = this.store;
    const avg = s.avgToolkitLen();
    const k1 = p.toolkitK1;
    const b = p.toolkitB;
    const touched = this.tkTouched;
    const mark = this.tkMark;
    for (const qt of plan.terms) {
      if (qt.id < 0) continue;
      const list = s.tkPostings[qt.id];
      if (!list || list.length === 0) continue;
      const idf = s.toolkitIdf(qt.id);
      for (let i = 0; i < list.length; i++) {
        const tk = list.docs[i]!;
        const tf = list.weights[i]!;
        const lenNorm = avg > 0 ? 1 - b + (b * s.tkLen[tk]!) / avg : 1;
        const v = (idf * tf * (k1 + 1)) / (tf + k1 * lenNorm);
        if (mark[tk] === 0) {
          mark[tk] = 1;
          touched.push(tk);
        }
        for (let r = 0; r < plan.runs; r++) {
          const wr = qt.weights[r]!;
          if (wr === 0) continue;
          const sc = this.tkScores[r]!;
          sc[tk] = sc[tk]! + wr * v;
        }
      }
    }
    const bonus = this.tkBonus;
    for (let r = 0; r < plan.runs; r++) {
      const sc = this.tkScores[r]!;
      const top = bestToolkits(touched, sc, s.tkSlug, MAX_PROPAGATED_TOOLKITS);
      if (top.length === 0) continue;
      for (const tk of top) bonus[tk] = p.toolkitDocWeight * sc[tk]!;
      const out = outs[r]!;
      const matched = out.count;
      for (let i = 0; i < matched; i++) {
        const d = out.touched[i]!;
        const v = bonus[s.docToolkit[d]!]!;
        if (v > 0) out.add(d, v);
      }
      for (const tk of top) {
        const docs = s.tkDocs[tk]!;
        if (docs.length <= SMALL_TOOLKIT) for (const d of docs) if (!out.has(d)) out.add(d, bonus[tk]!);
        bonus[tk] = 0;
      }
    }
    for (const tk of touched) {
      mark[tk] = 0;
      for (let r = 0; r < plan.runs; r++) this.tkScores[r]![tk] = 0;
    }
    touched.length = 0;
  }

  /** Score of one extra document for `terms`, using the index's df and average lengths. */
  scoreExtra(doc: ExtraDoc, terms: readonly ResolvedTerm[], p: RankingParams): number {
    const s = this.store;
    const norms: number[] = [];
    const docLen = doc.fieldLen.reduce((a, x) => a + x, 0);
    const avgDoc = s.avgDocLen();
    for (let f = 0; f < F; f++) {
      const b = p.fieldB[f]!;
      const rel = relativeLength(doc.fieldLen[f]!, s.avgFieldLen(f), docLen, avgDoc, p.docLengthMix);
      norms.push(p.fieldWeights[f]! / (1 - b + b * rel));
    }
    const avgL = s.avgLearnedLen() || doc.learnedLen;
    const lNorm = doc.learnedLen > 0 ? p.learnedWeight / (1 - p.learnedB + (p.learnedB * doc.learnedLen) / avgL) : 0;
    let total = 0;
    let covered = 0;
    let mass = 0;
    for (const qt of terms) {
      const idf = s.idf(qt.id) * qt.weight;
      if (qt.original) mass += idf;
      const row = doc.tf.get(qt.term);
      let x = 0;
      if (row) for (let f = 0; f < F; f++) x += row[f]! * norms[f]!;
      const lw = doc.learned?.get(qt.term);
      if (lw !== undefined) x += lw * lNorm;
      if (x === 0) continue;
      total += (idf * x * (p.k1 + 1)) / (x + p.k1);
      covered += idf;
    }
    if (p.coverage > 0 && total > 0 && mass > 0) total *= Math.pow(Math.min(1, covered / mass), p.coverage);
    return total;
  }
}

/** The `k` toolkits with the highest positive score, ties by slug (deterministic), without sorting them all. */
function bestToolkits(candidates: readonly number[], score: Float64Array, slug: readonly string[], k: number): number[] {
  const top: number[] = [];
  const better = (a: number, b: number) => score[a]! > score[b]! || (score[a] === score[b] && slug[a]! < slug[b]!);
  for (const tk of candidates) {
    if (!(score[tk]! > 0)) continue;
    if (top.length === k && !better(tk, top[k - 1]!)) continue;
    let i = top.length < k ? top.length : k - 1;
    top[i] = tk;
    while (i > 0 && better(top[i]!, top[i - 1]!)) {
      [top[i], top[i - 1]] = [top[i - 1]!, top[i]!];
      i--;
    }
  }
  return top;
}
