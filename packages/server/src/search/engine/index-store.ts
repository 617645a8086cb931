import type { IndexedTool } from '../types.js';
import type { DocVectors } from './doc-vectors.js';
import { buildFields, FIELD_COUNT, Field, toolkitTerms } from './document.js';
import type { LearnedSummary } from './learned.js';
import type { RankingParams } from './params.js';
import { FieldPostings, WeightedPostings } from './postings.js';
import { isAscii, pushWordsUnicode, scanAscii, termOf } from './tokenizer.js';
import { Vocabulary } from './vocabulary.js';
import { TermIdSink, WordTable } from './word-table.js';

const F = FIELD_COUNT;
const MAX_TF = 255;
/** Bound of the word → term id memo (distinct words; a catalog of 50,000 tools has a few hundred thousand). */
const MAX_WORD_MEMO = 200_000;

/** A curated tool (`IndexedTool.agentReady`). Bit flags: a toolkit's entry ORs its tools'. */
export const AGENT_CURATED = 1;
/** A reference tool (`IndexedTool.reference`). */
export const AGENT_REFERENCE = 2;

function agentToolKind(tool: IndexedTool): number {
  return tool.agentReady ? AGENT_CURATED : tool.reference ? AGENT_REFERENCE : 0;
}

function growInt32(a: Int32Array, min: number): Int32Array {
  if (a.length >= min) return a;
  const n = new Int32Array(Math.max(min, a.length * 2));
  n.set(a);
  return n;
}
function growFloat32(a: Float32Array, min: number): Float32Array {
  if (a.length >= min) return a;
  const n = new Float32Array(Math.max(min, a.length * 2));
  n.set(a);
  return n;
}
function growUint8(a: Uint8Array, min: number): Uint8Array {
  if (a.length >= min) return a;
  const n = new Uint8Array(Math.max(min, a.length * 2));
  n.set(a);
  return n;
}

/**
 * A field's length relative to its average, for BM25 length normalisation: the field's own ratio,
 * the whole document's, or a mix of the two (`RankingParams.docLengthMix`). 1 when there is no average.
 */
export function relativeLength(fieldLen: number, avgField: number, docLen: number, avgDoc: number, mix: number): number {
  const own = avgField > 0 ? fieldLen / avgField : 1;
  const whole = avgDoc > 0 ? docLen / avgDoc : 1;
  return (1 - mix) * own + mix * whole;
}

/** Sorted-array membership, for the forward lists. */
function sortedHas(a: Int32Array, x: number): boolean {
  let lo = 0;
  let hi = a.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = a[mid]!;
    if (v === x) return true;
    if (v < x) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/**
 * The inverted index and its statistics, maintained incrementally.
 *
 * Documents get dense ids. Removing a toolkit tombstones its docs, compacts only the posting lists of the
 * terms those docs used (cost proportional to those lists, not to the index), then recycles the ids.
 * Global statistics (live doc count, per-term document frequency, per-field length sums) are updated on
 * every add/remove, so nothing is ever rebuilt in full. The per-doc BM25F length factors depend on the
 * average lengths, so they are recomputed lazily, once, on the first query after a change.
 */
export class IndexStore {
  readonly vocab = new Vocabulary();

  /**
   * @param toolkitDocs whether to build the toolkit-level documents (`RankingParams.toolkitDocWeight`);
   *   they cost memory and indexing time, so an index that does not score them does not build them.
   */
  constructor(
    private readonly toolkitDocs = true,
    /** Whether to keep `coreTf` (only pseudo-relevance feedback reads it). */
    private readonly keepTf = true,
    /** Meaning vectors of the documents, when the index scores them (see doc-vectors.ts). */
    readonly vectors?: DocVectors,
  ) {}

  // ---- per term ----
  /** Documents containing the term in any field (core or learned). */
  df: Int32Array = new Int32Array(1024);
  core: (FieldPostings | undefined)[] = [];
  learned: (WeightedPostings | undefined)[] = [];
  /** Toolkit documents containing the term, and their counts. */
  tkDf: Int32Array = new Int32Array(1024);
  tkPostings: (WeightedPostings | undefined)[] = [];

  // ---- per doc ----
  slugs: string[] = [];
  docToolkit: Int32Array = new Int32Array(256);
  alive: Uint8Array = new Uint8Array(256);
  /** `AGENT_CURATED` for a curated tool, `AGENT_REFERENCE` for a reference tool, 0 for a raw operation. */
  agentReady: Uint8Array = new Uint8Array(256);
  fieldLen: Float32Array = new Float32Array(256 * F);
  learnedLen: Float32Array = new Float32Array(256);
  /** Sorted term ids of the core fields, for df bookkeeping and removal. */
  coreTerms: (Int32Array | undefined)[] = [];
  /** Term frequency summed over fields, parallel to coreTerms (pseudo-relevance feedback reads it; kept only for it). */
  coreTf: (Uint8Array | undefined)[] = [];
  /** Distinct term ids of the name field, for the name-match signal. */
  nameTerms: (Int32Array | undefined)[] = [];
  learnedTerms: (Int32Array | undefined)[] = [];
  learnedWeights: (Float32Array | undefined)[] = [];
  private readonly freeDocs: number[] = [];
  private nextDoc = 0;
  readonly slugToDoc = new Map<string, number>();

  // ---- global stats ----
  liveDocs = 0;
  readonly fieldLenSum = new Float64Array(F);
  learnedLenSum = 0;
  learnedDocs = 0;

  // ---- toolkits ----
  readonly toolkitIds = new Map<string, number>();
  tkSlug: string[] = [];
  tkName: string[] = [];
  tkDocs: number[][] = [];
  tkAlive: Uint8Array = new Uint8Array(64);
  /** Per toolkit, the `AGENT_*` bits of its tools: which kinds of agent tool it has. */
  tkAgentReady: Uint8Array = new Uint8Array(64);
  tkLen: Float32Array = new Float32Array(64);
  tkTerms: (Int32Array | undefined)[] = [];
  private readonly freeToolkits: number[] = [];
  liveToolkits = 0;
  tkLenSum = 0;

  /** Learned summaries by slug, kept across re-indexing of the tool (usage outlives catalog refreshes). */
  readonly learnedBySlug = new Map<string, LearnedSummary>();

  // ---- indexing scratch ----
  /** word → term id (−1 for stop words), so each distinct word is stemmed and interned once. */
  private readonly wordTable = new WordTable((w) => {
    const t = termOf(w);
    return t === undefined ? -1 : this.vocab.intern(t);
  }, MAX_WORD_MEMO);
  private readonly termSink = new TermIdSink(this.wordTable);
  private readonly unicodeWords: string[] = [];
  /** term id → its row in `rowTf` while one document is being added; −1 otherwise. */
  private rowOf: Int32Array = new Int32Array(0);
  private rowIds: Int32Array = new Int32Array(256);
  private rowTf: Uint8Array = new Uint8Array(256 * F);

  /** Text → term ids, through the word table. */
  private readonly termIdsOf = (text: string): number[] => {
    const sink = this.termSink;
    sink.out = [];
    if (!text) return sink.out;
    if (isAscii(text)) {
      scanAscii(text, true, sink);
      return sink.out;
    }
    const words = this.unicodeWords;
    words.length = 0;
    pushWordsUnicode(text, true, words);
    for (const w of words) sink.word(w, 0, w.length, false);
    return sink.out;
  };

  private readonly termText = (id: number): string => this.vocab.term(id);
  /** Bumped on every change of the indexed documents (caches derived from them compare it). */
  version = 0;
  /** Bumped on every change of learned queries (they change term statistics and meaning vectors too). */
  learnedVersion = 0;

  // ---- lazily derived ----
  private normsFor: RankingParams | undefined;
  private normsDirty = true;
  /** fieldWeight / (1 − b + b·len/avgLen) per doc and field. */
  norm: Float32Array = new Float32Array(0);
  /** Counts the recomputations of the norms (and of every posting's pseudo-frequency); see `refreshNorms`. */
  normsEpoch = 0;
  learnedNorm: Float32Array = new Float32Array(0);

  /** Whether nothing changed the statistics since the norms were last computed (see `refreshNorms`). */
  get normsCurrent(): boolean {
    return !this.normsDirty;
  }

  get docCapacity(): number {
    return this.nextDoc;
  }
  get toolkitCapacity(): number {
    return this.tkSlug.length;
  }

  private ensureTermCapacity(): void {
    const n = this.vocab.size;
    if (this.df.length < n) this.df = growInt32(this.df, n);
    if (this.tkDf.length < n) this.tkDf = growInt32(this.tkDf, n);
  }

  private allocDoc(): number {
    const reused = this.freeDocs.pop();
    if (reused !== undefined) return reused;
    const d = this.nextDoc++;
    this.docToolkit = growInt32(this.docToolkit, d + 1);
    this.alive = growUint8(this.alive, d + 1);
    this.agentReady = growUint8(this.agentReady, d + 1);
    this.fieldLen = growFloat32(this.fieldLen, (d + 1) * F);
    this.learnedLen = growFloat32(this.learnedLen, d + 1);
    return d;
  }

  private toolkitId(slug: string): number {
    let id = this.toolkitIds.get(slug);
    if (id !== undefined) return id;
    id = this.freeToolkits.pop() ?? this.tkSlug.length;
    this.toolkitIds.set(slug, id);
    this.tkSlug[id] = slug;
    this.tkName[id] = slug;
    this.tkDocs[id] = [];
    this.tkAlive = growUint8(this.tkAlive, id + 1);
    this.tkAgentReady = growUint8(this.tkAgentReady, id + 1);
    this.tkLen = growFloat32(this.tkLen, id + 1);
    return id;
  }

  /** Replaces every document of `toolkit` with `tools`. */
  upsertToolkit(toolkit: string, tools: readonly IndexedTool[]): void {
    this.removeToolkit(toolkit);
    if (tools.length === 0) return;
    // A slug that moved here from another toolkit must not stay indexed twice.
    const moved = tools.map((t) => this.slugToDoc.get(t.slug)).filter((d): d is number => d !== undefined);
    if (moved.length > 0) this.removeDocs(moved);

    const tk = this.toolkitId(toolkit);
    const first = tools[0]!;
    this.tkName[tk] = first.toolkitName || toolkit;
    const seen = new Set<string>();
    this.tkAgentReady[tk] = 0;
    for (const tool of tools) {
      if (seen.has(tool.slug)) continue; // first definition wins within one batch
      seen.add(tool.slug);
      this.tkDocs[tk]!.push(this.addDoc(tool, tk));
      this.tkAgentReady[tk] = this.tkAgentReady[tk]! | agentToolKind(tool);
    }
    if (this.toolkitDocs) this.addToolkitDoc(tk, toolkitTerms(first.toolkitName, first.toolkitDescription, tools, this.termIdsOf));
    this.normsDirty = true;
    this.version++;
  }

  removeToolkit(toolkit: string): void {
    const tk = this.toolkitIds.get(toolkit);
    if (tk === undefined) return;
    this.removeDocs(this.tkDocs[tk]!);
    this.removeToolkitDoc(tk);
    this.toolkitIds.delete(toolkit);
    this.tkDocs[tk] = [];
    this.freeToolkits.push(tk);
    this.normsDirty = true;
    this.version++;
  }

  private addDoc(tool: IndexedTool, tk: number): number {
    const d = this.allocDoc();
    const fields = buildFields(tool, this.termIdsOf);
    this.ensureTermCapacity();
    if (this.rowOf.length < this.vocab.size) {
      const next = new Int32Array(Math.max(this.vocab.size, this.rowOf.length * 2)).fill(-1);
      next.set(this.rowOf);
      this.rowOf = next;
    }
    // Distinct terms of the document, each with one tf byte per field.
    const rowOf = this.rowOf;
    let rows = 0;
    for (let f = 0; f < F; f++) {
      const terms = fields[f]!;
      this.fieldLen[d * F + f] = terms.length;
      this.fieldLenSum[f] = this.fieldLenSum[f]! + terms.length;
      for (let i = 0; i < terms.length; i++) {
        const id = terms[i]!;
        let row = rowOf[id]!;
        if (row < 0) {
          row = rows++;
          rowOf[id] = row;
          if (this.rowIds.length < rows) this.growRows(rows);
          this.rowIds[row] = id;
          this.rowTf.fill(0, row * F, row * F + F);
        }
        const at = row * F + f;
        if (this.rowTf[at]! < MAX_TF) this.rowTf[at]!++;
      }
    }
    this.vectors?.set(d, this.rowIds, this.rowTf, rows, this.termText);
    const ids = this.rowIds.slice(0, rows).sort();
    const totals = this.keepTf ? new Uint8Array(rows) : undefined;
    const tf = this.rowTf;
    for (let i = 0; i < rows; i++) {
      const id = ids[i]!;
      const row = rowOf[id]!;
      rowOf[id] = -1;
      let list = this.core[id];
      if (list === undefined) this.core[id] = list = new FieldPostings(F);
      list.push(d, tf, row * F);
      if (totals) {
        let sum = 0;
        for (let f = 0; f < F; f++) sum += tf[row * F + f]!;
        totals[i] = Math.min(MAX_TF, sum);
      }
      this.df[id]!++;
    }
    this.coreTerms[d] = ids;
    this.coreTf[d] = totals;
    this.nameTerms[d] = Int32Array.from(new Set(fields[Field.name]!));
    this.slugs[d] = tool.slug;
    this.docToolkit[d] = tk;
    this.alive[d] = 1;
    this.agentReady[d] = agentToolKind(tool);
    this.liveDocs++;
    this.slugToDoc.set(tool.slug, d);
    const learned = this.learnedBySlug.get(tool.slug);
    if (learned) this.attachLearned(d, learned);
    return d;
  }

  private growRows(min: number): void {
    const n = Math.max(min, this.rowIds.length * 2);
    const ids = new Int32Array(n);
    ids.set(this.rowIds);
    const tf = new Uint8Array(n * F);
    tf.set(this.rowTf);
    this.rowIds = ids;
    this.rowTf = tf;
  }

  /** Tombstones docs, fixes statistics, compacts the affected posting lists, then frees the ids. */
  private removeDocs(victims: readonly number[]): void {
    const docs = [...victims]; // the caller may pass a toolkit's own list, which is edited below
    const touched = new Set<number>();
    const learnedTouched = new Set<number>();
    for (const d of docs) {
      if (this.alive[d] !== 1) continue;
      this.alive[d] = 0;
      this.liveDocs--;
      for (let f = 0; f < F; f++) this.fieldLenSum[f] = this.fieldLenSum[f]! - this.fieldLen[d * F + f]!;
      const core = this.coreTerms[d]!;
      for (const id of core) {
        this.df[id]!--;
        touched.add(id);
      }
      const lt = this.learnedTerms[d];
      if (lt) {
        for (const id of lt) {
          if (!sortedHas(core, id)) this.df[id]!--;
          learnedTouched.add(id);
        }
        this.learnedLenSum -= this.learnedLen[d]!;
        this.learnedDocs--;
      }
      const tk = this.docToolkit[d]!;
      const list = this.tkDocs[tk];
      if (list) {
        const at = list.indexOf(d);
        if (at >= 0) list.splice(at, 1);
      }
      this.slugToDoc.delete(this.slugs[d]!);
    }
    for (const id of touched) this.core[id]!.purge(this.alive);
    for (const id of learnedTouched) this.learned[id]!.retain((doc) => this.alive[doc] === 1);
    for (const d of docs) {
      if (this.coreTerms[d] === undefined) continue;
      this.coreTerms[d] = undefined;
      this.coreTf[d] = undefined;
      this.nameTerms[d] = undefined;
      this.learnedTerms[d] = undefined;
      this.learnedWeights[d] = undefined;
      this.learnedLen[d] = 0;
      this.slugs[d] = '';
      this.vectors?.clear(d);
      this.freeDocs.push(d);
    }
    this.normsDirty = true;
  }

  private addToolkitDoc(tk: number, terms: readonly number[]): void {
    const tf = new Map<number, number>();
    for (const id of terms) tf.set(id, (tf.get(id) ?? 0) + 1);
    this.ensureTermCapacity();
    const ids = Int32Array.from(tf.keys()).sort();
    for (const id of ids) {
      let list = this.tkPostings[id];
      if (list === undefined) this.tkPostings[id] = list = new WeightedPostings();
      list.push(tk, tf.get(id)!);
      this.tkDf[id]!++;
    }
    this.tkTerms[tk] = ids;
    this.tkLen[tk] = terms.length;
    this.tkLenSum += terms.length;
    this.tkAlive[tk] = 1;
    this.liveToolkits++;
  }

  private removeToolkitDoc(tk: number): void {
    if (this.tkAlive[tk] !== 1) return;
    this.tkAlive[tk] = 0;
    this.liveToolkits--;
    this.tkLenSum -= this.tkLen[tk]!;
    for (const id of this.tkTerms[tk] ?? []) {
      this.tkDf[id]!--;
      this.tkPostings[id]!.retain((doc) => doc !== tk);
    }
    this.tkTerms[tk] = undefined;
  }

  /** Replaces the learned expansion of `slug` (undefined clears it). */
  setLearned(slug: string, summary: LearnedSummary | undefined): void {
    this.learnedVersion++;
    if (summary) this.learnedBySlug.set(slug, summary);
    else this.learnedBySlug.delete(slug);
    const d = this.slugToDoc.get(slug);
    if (d === undefined) return;
    this.detachLearned(d);
    if (summary) this.attachLearned(d, summary);
    this.normsDirty = true;
  }

  private attachLearned(d: number, s: LearnedSummary): void {
    const core = this.coreTerms[d]!;
    const ids = new Int32Array(s.terms.length);
    const weights = new Float32Array(s.terms.length);
    for (let i = 0; i < s.terms.length; i++) {
      ids[i] = this.vocab.intern(s.terms[i]!);
      weights[i] = s.weights[i]!;
    }
    this.ensureTermCapacity();
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]!;
      let list = this.learned[id];
      if (list === undefined) this.learned[id] = list = new WeightedPostings();
      list.push(d, weights[i]!);
      if (!sortedHas(core, id)) this.df[id]!++;
    }
    this.learnedTerms[d] = ids;
    this.learnedWeights[d] = weights;
    this.vectors?.setLearned(d, s.terms, s.weights);
    this.learnedLen[d] = s.length;
    this.learnedLenSum += s.length;
    this.learnedDocs++;
    this.normsDirty = true;
  }

  private detachLearned(d: number): void {
    const ids = this.learnedTerms[d];
    if (!ids) return;
    const core = this.coreTerms[d]!;
    for (const id of ids) {
      if (!sortedHas(core, id)) this.df[id]!--;
      this.learned[id]!.retain((doc) => doc !== d);
    }
    this.learnedTerms[d] = undefined;
    this.learnedWeights[d] = undefined;
    this.vectors?.clearLearned(d);
    this.learnedLenSum -= this.learnedLen[d]!;
    this.learnedLen[d] = 0;
    this.learnedDocs--;
  }

  avgFieldLen(f: number): number {
    return this.liveDocs > 0 ? this.fieldLenSum[f]! / this.liveDocs : 0;
  }
  /** Average over live docs of the summed length of their fields. */
  avgDocLen(): number {
    if (this.liveDocs === 0) return 0;
    let sum = 0;
    for (let f = 0; f < F; f++) sum += this.fieldLenSum[f]!;
    return sum / this.liveDocs;
  }
  docLen(d: number): number {
    let sum = 0;
    for (let f = 0; f < F; f++) sum += this.fieldLen[d * F + f]!;
    return sum;
  }
  avgLearnedLen(): number {
    return this.learnedDocs > 0 ? this.learnedLenSum / this.learnedDocs : 0;
  }
  avgToolkitLen(): number {
    return this.liveToolkits > 0 ? this.tkLenSum / this.liveToolkits : 0;
  }

  /**
   * Recomputes the per-doc length factors, and from them every posting's pseudo-frequency, if statistics
   * or parameters changed since last time (once per batch of changes, on the next query).
   */
  refreshNorms(p: RankingParams): void {
    if (!this.normsDirty && this.normsFor === p) return;
    const n = this.nextDoc;
    if (this.norm.length < n * F) this.norm = new Float32Array(Math.max(n * F, this.norm.length * 2));
    if (this.learnedNorm.length < n) this.learnedNorm = new Float32Array(Math.max(n, this.learnedNorm.length * 2));
    const m = p.docLengthMix;
    const avgDoc = this.avgDocLen();
    const docLen = new Float64Array(n);
    for (let d = 0; d < n; d++) docLen[d] = this.docLen(d);
    for (let f = 0; f < F; f++) {
      const w = p.fieldWeights[f]!;
      const b = p.fieldB[f]!;
      const avg = this.avgFieldLen(f);
      for (let d = 0; d < n; d++) {
        const rel = relativeLength(this.fieldLen[d * F + f]!, avg, docLen[d]!, avgDoc, m);
        this.norm[d * F + f] = w / (1 - b + b * rel);
      }
    }
    const norm = this.norm;
    for (const list of this.core) {
      if (list === undefined) continue;
      list.trim();
      const { docs, tfs, x } = list;
      for (let i = 0, base = 0; i < list.length; i++, base += F) {
        const nb = docs[i]! * F;
        let sum = 0;
        for (let f = 0; f < F; f++) {
          const tf = tfs[base + f]!;
          if (tf !== 0) sum += tf * norm[nb + f]!;
        }
        x[i] = sum;
      }
    }
    const avgL = this.avgLearnedLen();
    for (let d = 0; d < n; d++) {
      const len = this.learnedLen[d]!;
      this.learnedNorm[d] = avgL > 0 && len > 0 ? p.learnedWeight / (1 - p.learnedB + (p.learnedB * len) / avgL) : 0;
    }
    this.normsDirty = false;
    this.normsFor = p;
    this.normsEpoch++;
  }

  /** BM25 idf (Lucene's non-negative variant) over live tool documents. */
  idf(termId: number): number {
    const df = termId >= 0 ? this.df[termId]! : 0;
    return Math.log(1 + (this.liveDocs - df + 0.5) / (df + 0.5));
  }
  /** The idf of a term found in `share` of the live documents. */
  idfAtShare(share: number): number {
    const df = share * this.liveDocs;
    return Math.log(1 + (this.liveDocs - df + 0.5) / (df + 0.5));
  }
  toolkitIdf(termId: number): number {
    const df = termId >= 0 ? this.tkDf[termId]! : 0;
    return Math.log(1 + (this.liveToolkits - df + 0.5) / (df + 0.5));
  }
}
