import type { IndexedTool } from '../types.js';
import { ACTION_FIELDS, buildFields, FIELD_COUNT, Field, nameTermsOf } from './document.js';
import { type IndexStore, relativeLength } from './index-store.js';
import type { LearnedSummary } from './learned.js';
import { MergedConcepts, type MergedPostings } from './merged-concepts.js';
import type { RankingParams } from './params.js';
import type { FieldPostings } from './postings.js';
import type { ScoreBuffer } from './score-buffer.js';

const F = FIELD_COUNT;
/** Only the best-scoring toolkits propagate their score to their tools. */
const MAX_PROPAGATED_TOOLKITS = 16;
/**
 * A toolkit this small gives its score to all of its tools; a larger one only to the tools that matched
 * the query themselves. A tool with no word in common with the request, in a toolkit of hundreds, is
 * rarely the one wanted, and walking every tool of every big toolkit would dominate query time.
 */
const SMALL_TOOLKIT = 64;
/** Below this many candidates from the essential concepts, every concept may add candidates (see `pruningOrder`). */
const MIN_CANDIDATES = 200;
/** Indexes smaller than this are never pruned. */
const PRUNE_MIN_DOCS = 5_000;
/** Docs the merged postings kept across queries may hold in all, per index (12 bytes each, 3 MB; see MergedConcepts). */
const MAX_MERGED_ENTRIES = 250_000;

/** A concept member resolved against the index. */
export interface ResolvedMember {
  term: string;
  id: number; // -1 when no indexed document has it
  /** Weight of a match relative to the concept's own word: `rel` × min(1, idf(term) / idf(concept)). */
  scale: number;
  original: boolean;
}

/** A query concept (see query.ts) resolved against the index. */
export interface ResolvedConcept {
  weight: number;
  /** idf of the concept's own word (or of its rarest indexed member when the word is not indexed). */
  idf: number;
  original: boolean;
  action: boolean;
  /** Added by pseudo-relevance feedback: scored, but not something the request asked for. */
  feedback?: boolean;
  members: ResolvedMember[];
}

/**
 * Several rankings computed in one walk over the postings: run 0 is the whole query, the others its
 * clauses. BM25F is a sum over query concepts, so each run is the same per-concept contributions with its
 * own concept weights (0 = concept not in that run).
 */
export interface QueryPlan {
  /** `key` names the concept's members and their weights (see MergedConcepts). */
  concepts: { key: string; members: ResolvedMember[]; idf: number; action: boolean; weights: number[]; original: boolean[] }[];
  runs: number;
}

const conceptKey = (c: ResolvedConcept) => `${c.action ? '!' : ''}${c.members.map((m) => `${m.term}:${m.scale}`).join(' ')}`;

export function planOf(runs: readonly (readonly ResolvedConcept[])[]): QueryPlan {
  const byKey = new Map<string, QueryPlan['concepts'][number]>();
  runs.forEach((concepts, r) => {
    for (const c of concepts) {
      const key = conceptKey(c);
      let e = byKey.get(key);
      if (!e) {
        e = {
          key,
          members: c.members,
          idf: c.idf,
          action: c.action,
          weights: new Array<number>(runs.length).fill(0),
          original: new Array<boolean>(runs.length).fill(false),
        };
        byKey.set(key, e);
      }
      e.weights[r] = e.weights[r]! + c.weight;
      e.original[r] = e.original[r]! || c.original;
    }
  });
  return { concepts: [...byKey.values()], runs: runs.length };
}

/**
 * Per-field multipliers of a concept's matches: the member's scale everywhere, except that an action's
 * matches outside the tool and toolkit names count `actionProseWeight` as much.
 */
function fieldMultipliers(out: Float64Array, scale: number, action: boolean, p: RankingParams): void {
  for (let f = 0; f < F; f++) out[f] = scale;
  if (!action || p.actionProseWeight === 1) return;
  for (let f = 0; f < F; f++) if (!ACTION_FIELDS.includes(f)) out[f] = scale * p.actionProseWeight;
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
  /** The tool's terms per field (for its meaning vector). */
  fields: string[][];
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
  return { tool, tf, fieldLen: fields.map((f) => f.length), nameTerms: nameTermsOf(fields), learned: l, learnedLen: learned?.length ?? 0, fields };
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
  /** Docs found by an essential concept of the current query (see `pruningOrder`), and their list. */
  private gate: Uint8Array = new Uint8Array(0);
  private marked: Int32Array = new Int32Array(0);
  private candidates = 0;
  /** Merged postings of concepts met before (see `foundDocs`). */
  private readonly kept = new MergedConcepts(MAX_MERGED_ENTRIES);
  /** How many docs the last postings walk found (in `termDocs`). */
  private walked = 0;

  constructor(private readonly store: IndexStore) {}

  private ensure(runs: number): void {
    const n = this.store.docCapacity;
    if (this.tfAcc.length < n) this.tfAcc = new Float64Array(Math.max(n, this.tfAcc.length * 2));
    if (this.termDocs.length < 2 * n) this.termDocs = new Int32Array(Math.max(2 * n, this.termDocs.length * 2));
    if (this.gate.length < n) {
      this.gate = new Uint8Array(Math.max(n, this.gate.length * 2));
      this.marked = new Int32Array(this.gate.length);
    }
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
    // Postings, their pseudo-frequencies and the learned lists change only with one of these.
    this.kept.validate(`${s.version}:${s.learnedVersion}:${s.normsEpoch}`);
    this.ensure(plan.runs);
    const cap = s.docCapacity;
    for (const o of outs) o.ensure(cap);
    const useCoverage = p.coverage > 0;
    const runs = plan.runs;
    // Small indexes are scored exhaustively: pruning is for speed, and they are fast anyway.
    const prune = s.liveDocs >= PRUNE_MIN_DOCS;
    const order = this.pruningOrder(plan, prune ? p.pruneShare : 0, prune && p.pruneCommon > 0 ? s.idfAtShare(p.pruneCommon) : 0);
    const gate = this.gate;
    this.candidates = 0;
    const budget = prune && p.maxCandidates > 0 ? p.maxCandidates : Infinity;
    const leads = runLeaders(order.concepts.slice(0, order.uncommon), runs);
    for (let i = 0; i < order.concepts.length; i++) {
      // Past the essential concepts, or once the budget of candidates is spent, a concept only re-scores
      // docs found before — unless too few were found to choose from, or it is the most informative
      // (and not common) concept of some clause: each intent keeps candidates of its own.
      const c = order.concepts[i]!;
      const gated = !leads.has(c) && this.candidates >= MIN_CANDIDATES && (i >= order.essential || this.candidates >= budget);
      this.scoreConcept(c, p, outs, runs, gated ? gate : undefined);
    }
    const marked = this.marked;
    if (this.candidates > gate.length >> 3) gate.fill(0);
    else for (let i = 0; i < this.candidates; i++) gate[marked[i]!] = 0;
    if (useCoverage) {
      for (let r = 0; r < runs; r++) {
        let mass = 0;
        for (const c of plan.concepts) if (c.original[r]) mass += c.weights[r]! * c.idf;
        if (mass <= 0) continue;
        const out = outs[r]!;
        const cov = out.aux;
        const scores = out.scores;
        const touched = out.touched;
        const e = p.coverage;
        for (let i = 0; i < out.count; i++) {
          const d = touched[i]!;
          const share = cov[d]! / mass;
          if (share >= 1) continue;
          scores[d] = scores[d]! * (e === 0.5 ? Math.sqrt(share) : share ** e);
        }
      }
    }
    if (p.toolkitDocWeight > 0) this.propagateToolkits(plan, p, outs);
  }

  /**
   * Concepts by decreasing upper bound of their contribution (weight × idf), and how many of the first
   * are essential: the rest together can add at most `share` of any run's total bound, so a doc matching
   * nothing but them cannot compete with one that matches an essential concept well. Max-score style
   * pruning: on large indexes the non-essential concepts are the common words whose long posting lists
   * would otherwise put most of the index in the running.
   */
  private pruningOrder(plan: QueryPlan, share: number, commonIdf: number): { concepts: QueryPlan['concepts']; essential: number; uncommon: number } {
    const bound = (c: QueryPlan['concepts'][number]) => Math.max(...c.weights) * c.idf;
    // Common words go last whatever their weight, so they fall in the non-essential tail.
    const common = (c: QueryPlan['concepts'][number]) => c.idf < commonIdf;
    const concepts = [...plan.concepts].sort((a, b) => Number(common(a)) - Number(common(b)) || bound(b) - bound(a));
    let essential = concepts.length;
    while (essential > 0 && common(concepts[essential - 1]!)) essential--;
    const uncommon = essential;
    if (!(share > 0)) return { concepts, essential, uncommon };
    const total = new Float64Array(plan.runs);
    for (const c of concepts) for (let r = 0; r < plan.runs; r++) total[r] = total[r]! + c.weights[r]! * Math.max(0, c.idf);
    const tail = new Float64Array(plan.runs);
    while (essential > 0) {
      const c = concepts[essential - 1]!;
      let fits = true;
      for (let r = 0; r < plan.runs && fits; r++) fits = tail[r]! + c.weights[r]! * Math.max(0, c.idf) <= share * total[r]!;
      if (!fits) break;
      for (let r = 0; r < plan.runs; r++) tail[r] = tail[r]! + c.weights[r]! * Math.max(0, c.idf);
      essential--;
    }
    return { concepts, essential, uncommon };
  }

  /**
   * Adds one concept's BM25F contribution to every run it belongs to. With `gate`, only docs marked in it
   * are scored; without, every doc found is marked (it becomes a candidate).
   */
  private scoreConcept(qc: QueryPlan['concepts'][number], p: RankingParams, outs: readonly ScoreBuffer[], runs: number, gate: Uint8Array | undefined): void {
    const idf = qc.idf;
    if (!(idf > 0)) return;
    const kept = this.foundDocs(qc, p, gate);
    // A kept list holds each doc's sum in `x` by position, and docs outside the gate (skipped here); a walk
    // leaves the sums in `tfAcc` by doc, cleared as they are read.
    const byDoc = kept === undefined;
    const docs = kept?.docs ?? this.termDocs;
    const xs = kept?.x ?? this.tfAcc;
    const n = kept?.length ?? this.walked;
    const skip = byDoc ? undefined : gate;
    const tfAcc = this.tfAcc;
    const k1 = p.k1;
    const w = qc.weights;
    // Coverage counts what the user asked for; an implied or feedback concept is no evidence of it.
    const covers = (r: number) => !p.coverageOriginalOnly || qc.original[r]!;
    if (runs === 1) {
      const out = outs[0]!;
      const wi = w[0]! * idf;
      const ci = covers(0) ? wi : 0;
      // Without a gate every doc found becomes a candidate: marked in the same pass (same order as a pass of its own).
      if (gate === undefined) this.candidates = addMarking(docs, xs, byDoc, n, wi, k1, ci, out, this.gate, this.marked, this.candidates);
      else {
        for (let i = 0; i < n; i++) {
          const d = docs[i]!;
          if (skip !== undefined && skip[d] === 0) continue;
          const x = byDoc ? tfAcc[d]! : xs[i]!;
          if (byDoc) tfAcc[d] = 0;
          out.add2(d, (wi * x * (k1 + 1)) / (x + k1), ci);
        }
      }
      return;
    }
    if (gate === undefined) {
      const mark = this.gate;
      const marked = this.marked;
      for (let i = 0; i < n; i++) {
        const d = docs[i]!;
        if (mark[d] === 0) {
          mark[d] = 1;
          marked[this.candidates++] = d;
        }
      }
    }
    const coverage = w.map((wr, r) => (covers(r) ? wr * idf : 0));
    for (let i = 0; i < n; i++) {
      const d = docs[i]!;
      if (skip !== undefined && skip[d] === 0) continue;
      const x = byDoc ? tfAcc[d]! : xs[i]!;
      if (byDoc) tfAcc[d] = 0;
      const v = (idf * x * (k1 + 1)) / (x + k1);
      for (let r = 0; r < runs; r++) {
        const wr = w[r]!;
        if (wr === 0) continue;
        outs[r]!.add2(d, wr * v, coverage[r]!);
      }
    }
  }

  /**
   * The docs a concept's members find, in the order first met (member by member, posting by posting), each
   * with its summed pseudo-frequency: a concept met before, ungated, comes whole from `kept` (see
   * MergedConcepts); otherwise (undefined) the postings were walked, skipping docs outside `gate`, into
   * `termDocs[0..walked)` and `tfAcc`.
   */
  private foundDocs(qc: QueryPlan['concepts'][number], p: RankingParams, gate: Uint8Array | undefined): MergedPostings | undefined {
    const kept = this.kept.get(qc.key);
    if (kept !== undefined) return kept;
    // A concept is kept from its second ungated sight: a gated walk reads only what the gate lets through.
    const keep = gate === undefined && this.kept.admit(qc.key);
    const n = this.accumulate(qc, p, gate);
    this.walked = n;
    if (!keep) return undefined;
    const { termDocs, tfAcc } = this;
    const merged: MergedPostings = { docs: termDocs.slice(0, n), x: new Float64Array(n), length: n };
    for (let i = 0; i < n; i++) {
      const d = termDocs[i]!;
      merged.x[i] = tfAcc[d]!;
      tfAcc[d] = 0;
    }
    this.kept.set(qc.key, merged);
    return merged;
  }

  /** Sums the members' pseudo-frequencies of each doc found (outside `gate` skipped) into `tfAcc`, listing the docs in `termDocs`; returns how many. */
  private accumulate(qc: QueryPlan['concepts'][number], p: RankingParams, gate: Uint8Array | undefined): number {
    const s = this.store;
    const { norm, learnedNorm } = s;
    const tfAcc = this.tfAcc;
    const termDocs = this.termDocs;
    let n = 0;
    for (const m of qc.members) {
      if (m.id < 0 || !(m.scale > 0)) continue;
      const core = s.core[m.id];
      if (core && core.length > 0) {
        const a = qc.action ? p.actionProseWeight : 1;
        // An action counts fully in the names, `actionProseWeight` as much elsewhere (its pseudo-frequencies
        // are kept per list until the norms change: that sum was the costliest line of scoring).
        if (a !== 1) n = accumulate64(core.docs, actionFrequencies(core, a, norm, s.normsEpoch), core.length, m.scale, gate, tfAcc, termDocs, n);
        else n = accumulate32(core.docs, core.x, core.length, m.scale, gate, tfAcc, termDocs, n);
      }
      const learned = s.learned[m.id];
      if (learned && learned.length > 0) {
        for (let i = 0; i < learned.length; i++) {
          const d = learned.docs[i]!;
          if (gate !== undefined && gate[d] === 0) continue;
          const x = learned.weights[i]! * learnedNorm[d]! * m.scale;
          if (x === 0) continue;
          if (tfAcc[d] === 0) termDocs[n++] = d;
          tfAcc[d] = tfAcc[d]! + x;
        }
      }
    }
    return n;
  }

  /** Toolkit-document BM25, added (× toolkitDocWeight) to the tools of the best-matching toolkits. */
  private propagateToolkits(plan: QueryPlan, p: RankingParams, outs: readonly ScoreBuffer[]): void {
    const s = this.store;
    const avg = s.avgToolkitLen();
    const k1 = p.toolkitK1;
    const b = p.toolkitB;
    const touched = this.tkTouched;
    const mark = this.tkMark;
    for (const qc of plan.concepts) {
      // The toolkit document is matched on the concept's own word only.
      const qt = qc.members[0]!;
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
          const wr = qc.weights[r]!;
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

  /** Score of one extra document for `concepts`, using the index's df and average lengths. */
  scoreExtra(doc: ExtraDoc, concepts: readonly ResolvedConcept[], p: RankingParams): number {
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
    const mul = new Float64Array(F);
    let total = 0;
    let covered = 0;
    let mass = 0;
    for (const qc of concepts) {
      const idf = qc.idf * qc.weight;
      if (qc.original) mass += idf;
      let x = 0;
      for (const m of qc.members) {
        fieldMultipliers(mul, m.scale, qc.action, p);
        const row = doc.tf.get(m.term);
        if (row) for (let f = 0; f < F; f++) x += row[f]! * norms[f]! * mul[f]!;
        const lw = doc.learned?.get(m.term);
        if (lw !== undefined) x += lw * lNorm * m.scale;
      }
      if (!(x > 0) || !(idf > 0)) continue;
      total += (idf * x * (p.k1 + 1)) / (x + p.k1);
      covered += idf;
    }
    if (p.coverage > 0 && total > 0 && mass > 0) total *= Math.min(1, covered / mass) ** p.coverage;
    return total;
  }
}

/**
 * The single-run add of `scoreConcept` for an ungated concept: adds each found doc's BM25F contribution
 * (from its summed pseudo-frequency: `xs[d]`, cleared as read, with `byDoc`, else `xs[i]`) to `out` (and its
 * coverage `ci`), and marks it as a candidate in `mark`/`marked` from `candidates` on; returns the new count.
 */
function addMarking(
  docs: Int32Array,
  xs: Float64Array,
  byDoc: boolean,
  n: number,
  wi: number,
  k1: number,
  ci: number,
  out: ScoreBuffer,
  mark: Uint8Array,
  marked: Int32Array,
  candidates: number,
): number {
  for (let i = 0; i < n; i++) {
    const d = docs[i]!;
    const x = byDoc ? xs[d]! : xs[i]!;
    if (byDoc) xs[d] = 0;
    out.add2(d, (wi * x * (k1 + 1)) / (x + k1), ci);
    if (mark[d] === 0) {
      mark[d] = 1;
      marked[candidates++] = d;
    }
  }
  return candidates;
}

/**
 * Adds `scale` × each posting's pseudo-frequency `xs[i]` into `tfAcc` (docs outside `gate` skipped), listing
 * each doc met for the first time in `termDocs` from `n` on; returns the new `n`. Two copies, one per array
 * type, so each loop reads one kind of array.
 */
function accumulate32(
  docs: Int32Array,
  xs: Float32Array,
  length: number,
  scale: number,
  gate: Uint8Array | undefined,
  tfAcc: Float64Array,
  termDocs: Int32Array,
  n: number,
): number {
  for (let i = 0; i < length; i++) {
    const d = docs[i]!;
    if (gate !== undefined && gate[d] === 0) continue;
    const x = xs[i]! * scale;
    if (x === 0) continue;
    if (tfAcc[d] === 0) termDocs[n++] = d;
    tfAcc[d] = tfAcc[d]! + x;
  }
  return n;
}

function accumulate64(
  docs: Int32Array,
  xs: Float64Array,
  length: number,
  scale: number,
  gate: Uint8Array | undefined,
  tfAcc: Float64Array,
  termDocs: Int32Array,
  n: number,
): number {
  for (let i = 0; i < length; i++) {
    const d = docs[i]!;
    if (gate !== undefined && gate[d] === 0) continue;
    const x = xs[i]! * scale;
    if (x === 0) continue;
    if (tfAcc[d] === 0) termDocs[n++] = d;
    tfAcc[d] = tfAcc[d]! + x;
  }
  return n;
}

/**
 * The pseudo-frequencies of a list's postings for an action concept: a × x + (1 − a) × (its tool and
 * toolkit name part), computed as the scoring loop computed them, and kept on the list until the norms
 * are recomputed (`normsEpoch`) — postings only change together with the norms.
 */
function actionFrequencies(list: FieldPostings, a: number, norm: Float32Array, epoch: number): Float64Array {
  const kept = list.action;
  if (kept && kept.epoch === epoch && kept.weight === a) return kept.x;
  const x = kept && kept.x.length >= list.length ? kept.x : new Float64Array(list.docs.length);
  const { docs, tfs, x: xs } = list;
  for (let i = 0; i < list.length; i++) {
    const base = i * F;
    const nb = docs[i]! * F;
    const names = tfs[base + Field.toolkit]! * norm[nb + Field.toolkit]! + tfs[base + Field.name]! * norm[nb + Field.name]!;
    x[i] = a * xs[i]! + (1 - a) * names;
  }
  list.action = { x, epoch, weight: a };
  return x;
}

/** For each run, its concept with the largest bound (concepts come sorted by bound, largest first). */
function runLeaders(concepts: QueryPlan['concepts'], runs: number): Set<QueryPlan['concepts'][number]> {
  const out = new Set<QueryPlan['concepts'][number]>();
  for (let r = 0; r < runs; r++) {
    const lead = concepts.find((c) => c.weights[r]! > 0 && c.idf > 0);
    if (lead) out.add(lead);
  }
  return out;
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
