import { FIELD_COUNT } from './document.js';
import { VectorRows } from './vector-rows.js';
import type { WordVectors } from './word-vectors.js';

/** Word ids whose table row has not been looked up yet. */
const UNKNOWN = -2;

/**
 * One meaning vector per tool: the weighted average of its words' static vectors (smooth-inverse-frequency
 * weights, per-field weights), stored as int8 with its inverse norm. It lets a request find a tool that
 * says the same thing in other words ("remove a calendar entry" → "Delete event"), which no posting list
 * can. Doc ids and term ids are those of the owning IndexStore.
 */
export class DocVectors {
  readonly dims: number;
  /** The int8 vectors and their inverse norms, with the batch cosine (see VectorRows). */
  private readonly rows: VectorRows;
  /** term id → table row (−1 none, −2 not looked up yet). */
  private termRow: Int32Array = new Int32Array(0);
  private readonly acc: Float32Array;
  /** The words-only vector of each doc whose stored vector also holds its learned queries. */
  private readonly coreOf = new Map<number, { vec: Int8Array; inv: number }>();

  constructor(
    readonly table: WordVectors,
    /** Per-field weight of a word in the doc vector, indexed by `Field`. */
    private readonly fieldWeights: readonly number[],
    /** Smooth-inverse-frequency constant (see WordVectors.weightOf). */
    private readonly sifA: number,
    /** Weight of a doc's learned queries in its vector, relative to its own words (0 = not at all). */
    private readonly learnedWeight = 0,
    /** false: cosines in JavaScript only (see VectorRows). */
    accelerated = true,
  ) {
    this.dims = table.dims;
    this.acc = new Float32Array(table.dims);
    this.rows = new VectorRows(table.dims, accelerated);
  }

  /** doc → int8 vector (dims each). */
  get vecs(): Int8Array {
    return this.rows.vecs;
  }

  /** doc → 1 / |int8 vector|; 0 when the doc has no known word. */
  get invNorm(): Float32Array {
    return this.rows.invNorm;
  }

  private rowOfTerm(id: number, termOf: (id: number) => string): number {
    if (this.termRow.length <= id) {
      const next = new Int32Array(Math.max(id + 1, this.termRow.length * 2, 1024)).fill(UNKNOWN);
      next.set(this.termRow);
      this.termRow = next;
    }
    let row = this.termRow[id]!;
    if (row === UNKNOWN) this.termRow[id] = row = this.table.row(termOf(id));
    return row;
  }

  private ensureDoc(d: number): void {
    this.rows.ensureDocs(d + 1);
  }

  /**
   * Computes and stores doc `d`'s vector from its distinct terms: `ids[i]` with one term frequency per
   * field at `tf[i × FIELD_COUNT + f]` (the store's indexing scratch), so each word is added once.
   */
  set(d: number, ids: Int32Array, tf: Uint8Array, count: number, termOf: (id: number) => string): void {
    this.ensureDoc(d);
    this.coreOf.delete(d);
    const acc = this.acc;
    acc.fill(0);
    let any = false;
    const fw = this.fieldWeights;
    for (let i = 0; i < count; i++) {
      let w = 0;
      for (let f = 0; f < FIELD_COUNT; f++) w += fw[f]! * tf[i * FIELD_COUNT + f]!;
      if (!(w > 0)) continue;
      const row = this.rowOfTerm(ids[i]!, termOf);
      if (row < 0) continue;
      this.table.addTo(acc, row, w * this.table.weightOf(row, this.sifA));
      any = true;
    }
    this.invNorm[d] = any ? quantize(acc, this.vecs, d * this.dims) : 0;
  }

  clear(d: number): void {
    if (d < this.invNorm.length) this.invNorm[d] = 0;
    this.coreOf.delete(d);
  }

  /**
   * Mixes the doc's learned queries (weighted terms) into its vector: the unit words-only vector plus
   * `learnedWeight` × the unit vector of the learned terms. The words-only vector is kept aside so the
   * next summary (or none) starts from it again.
   */
  setLearned(d: number, terms: readonly string[], weights: readonly number[]): void {
    this.clearLearned(d);
    if (!(this.learnedWeight > 0) || d >= this.invNorm.length) return;
    const learned = this.queryVector(terms.map((term, i) => ({ term, weight: weights[i]! })));
    if (!learned) return;
    const scale = this.learnedWeight;
    const at = d * this.dims;
    const inv = this.invNorm[d]!;
    const core = this.vecs.slice(at, at + this.dims);
    this.coreOf.set(d, { vec: core, inv });
    const acc = this.acc;
    for (let i = 0; i < this.dims; i++) acc[i] = core[i]! * inv + learned[i]! * scale;
    this.invNorm[d] = quantize(acc, this.vecs, at);
  }

  /** Puts back the words-only vector of a doc (see setLearned). */
  clearLearned(d: number): void {
    const core = this.coreOf.get(d);
    if (!core) return;
    this.vecs.set(core.vec, d * this.dims);
    this.invNorm[d] = core.inv;
    this.coreOf.delete(d);
  }

  /** The unit query vector of weighted terms, or undefined when the table knows none of them. */
  queryVector(terms: readonly { term: string; weight: number }[], sif = true): Float32Array | undefined {
    const q = new Float32Array(this.dims);
    let any = false;
    for (const t of terms) {
      const row = this.table.row(t.term);
      if (row < 0 || !(t.weight > 0)) continue;
      this.table.addTo(q, row, t.weight * (sif ? this.table.weightOf(row, this.sifA) : 1));
      any = true;
    }
    return any ? normalizedInPlace(q) : undefined;
  }

  /** Cosine of doc `d` with the unit query vector `q` (0 for a doc without vector). */
  cosine(d: number, q: Float32Array): number {
    return this.rows.cosine(d, q);
  }

  /**
   * `cosine(docs[k], q)` for each k < n, in a buffer reused by the next call: in WebAssembly SIMD when the
   * runtime has it (see VectorRows), with the same results.
   */
  cosines(docs: Int32Array, n: number, q: Float32Array): Float64Array {
    return this.rows.cosines(docs, n, q);
  }

  /**
   * The `k` indexed terms closest in meaning to table row `row` (cosine at least `minCos`), best first.
   * Only terms some live document has (`df` > 0) are candidates. Cost: one dot product per indexed term
   * the table knows, so callers keep it to small indexes and cache the answer.
   */
  neighbours(row: number, df: Int32Array, vocabSize: number, k: number, minCos: number): { id: number; cos: number }[] {
    const t = this.table;
    const out: { id: number; cos: number }[] = [];
    const n = Math.min(vocabSize, this.termRow.length);
    for (let id = 0; id < n; id++) {
      const r = this.termRow[id]!;
      if (r < 0 || r === row || !(df[id]! > 0)) continue;
      const cos = t.cosine(row, r);
      if (cos < minCos) continue;
      out.push({ id, cos });
      if (out.length > 4 * k) {
        out.sort((a, b) => b.cos - a.cos || a.id - b.id);
        out.length = k;
      }
    }
    out.sort((a, b) => b.cos - a.cos || a.id - b.id);
    if (out.length > k) out.length = k;
    return out;
  }

  /** Vector of a document that is not in the store (a session's inline custom tool), as a unit float vector. */
  vectorOfTerms(fields: readonly (readonly string[])[]): Float32Array | undefined {
    const acc = new Float32Array(this.dims);
    let any = false;
    for (let f = 0; f < FIELD_COUNT; f++) {
      const fw = this.fieldWeights[f]!;
      if (!(fw > 0)) continue;
      for (const term of fields[f]!) {
        const row = this.table.row(term);
        if (row < 0) continue;
        this.table.addTo(acc, row, fw * this.table.weightOf(row, this.sifA));
        any = true;
      }
    }
    return any ? normalizedInPlace(acc) : undefined;
  }
}

/** Scales `v` to unit length in place; undefined for the zero vector. */
function normalizedInPlace(v: Float32Array): Float32Array | undefined {
  let n = 0;
  for (let i = 0; i < v.length; i++) n += v[i]! * v[i]!;
  if (!(n > 0)) return undefined;
  n = 1 / Math.sqrt(n);
  for (let i = 0; i < v.length; i++) v[i] = v[i]! * n;
  return v;
}

/** Writes `acc` as int8 into `out` at `at` (largest component → ±127) and returns 1 / |int8 vector|. */
function quantize(acc: Float32Array, out: Int8Array, at: number): number {
  let max = 0;
  for (let i = 0; i < acc.length; i++) max = Math.max(max, Math.abs(acc[i]!));
  if (!(max > 0)) return 0;
  const s = 127 / max;
  let n = 0;
  for (let i = 0; i < acc.length; i++) {
    const q = Math.round(acc[i]! * s);
    out[at + i] = q;
    n += q * q;
  }
  return n > 0 ? 1 / Math.sqrt(n) : 0;
}

/** Cosine of two unit float vectors. */
export function dotUnit(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}
