/**
 * Growable posting lists in typed arrays. Term-at-a-time scoring walks them linearly, so a flat
 * `Int32Array` of doc ids beside the per-posting payload is both the smallest and the fastest layout.
 * Order inside a list does not matter (scores are accumulated per doc), which makes appends and
 * swap-free compaction trivial.
 */

const INITIAL = 4;

function grow<T extends Int32Array | Uint8Array | Float32Array>(arr: T, min: number): T {
  let cap = arr.length * 2;
  while (cap < min) cap *= 2;
  const next = new (arr.constructor as { new (n: number): T })(cap);
  next.set(arr);
  return next;
}

/**
 * Core postings: doc id plus one term-frequency byte per field (stride = field count), and `x`, the
 * posting's BM25F pseudo-frequency (Σ over fields of tf × the doc's field norm). `x` depends on corpus
 * statistics, so the index recomputes it for every posting after a change (`IndexStore.refreshNorms`);
 * queries then read one float per posting instead of one byte and one norm per field.
 */
export class FieldPostings {
  docs: Int32Array = new Int32Array(INITIAL);
  tfs: Uint8Array;
  x: Float32Array = new Float32Array(INITIAL);
  length = 0;
  /** The pseudo-frequencies for an action concept, made by the scorer and kept until the norms change (see scorer.ts). */
  action: { x: Float64Array; epoch: number; weight: number } | undefined;

  constructor(readonly stride: number) {
    this.tfs = new Uint8Array(INITIAL * stride);
  }

  push(doc: number, tf: Uint8Array, offset: number): void {
    if (this.length === this.docs.length) {
      this.docs = grow(this.docs, this.length + 1);
      this.tfs = grow(this.tfs, this.docs.length * this.stride);
      this.x = grow(this.x, this.docs.length);
    }
    this.docs[this.length] = doc;
    const s = this.stride;
    const at = this.length * s;
    for (let f = 0; f < s; f++) this.tfs[at + f] = tf[offset + f]!;
    this.length++;
  }

  /** Drops postings whose doc is no longer live. Returns how many were dropped. */
  purge(alive: Uint8Array): number {
    const s = this.stride;
    let w = 0;
    for (let r = 0; r < this.length; r++) {
      const d = this.docs[r]!;
      if (alive[d] !== 1) continue;
      if (w !== r) {
        this.docs[w] = d;
        this.x[w] = this.x[r]!;
        this.tfs.copyWithin(w * s, r * s, r * s + s);
      }
      w++;
    }
    const dropped = this.length - w;
    this.length = w;
    return dropped;
  }

  /** Releases spare capacity beyond a quarter of the length (lists grow by doubling). */
  trim(): void {
    const want = Math.max(INITIAL, this.length + (this.length >> 3));
    if (this.docs.length <= want + (this.length >> 2)) return;
    this.docs = this.docs.slice(0, want);
    this.tfs = this.tfs.slice(0, want * this.stride);
    this.x = this.x.slice(0, want);
  }
}

/** Postings with one float weight each (learned queries, toolkit documents). */
export class WeightedPostings {
  docs: Int32Array = new Int32Array(INITIAL);
  weights: Float32Array = new Float32Array(INITIAL);
  length = 0;

  push(doc: number, weight: number): void {
    if (this.length === this.docs.length) {
      this.docs = grow(this.docs, this.length + 1);
      this.weights = grow(this.weights, this.docs.length);
    }
    this.docs[this.length] = doc;
    this.weights[this.length] = weight;
    this.length++;
  }

  /** Drops postings for which `keep(doc)` is false. */
  retain(keep: (doc: number) => boolean): void {
    let w = 0;
    for (let r = 0; r < this.length; r++) {
      const d = this.docs[r]!;
      if (!keep(d)) continue;
      this.docs[w] = d;
      this.weights[w] = this.weights[r]!;
      w++;
    }
    this.length = w;
  }
}
