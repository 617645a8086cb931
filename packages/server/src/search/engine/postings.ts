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

/** Core postings: doc id plus one term-frequency byte per field (stride = field count). */
export class FieldPostings {
  docs: Int32Array = new Int32Array(INITIAL);
  tfs: Uint8Array;
  length = 0;

  constructor(readonly stride: number) {
    this.tfs = new Uint8Array(INITIAL * stride);
  }

  push(doc: number, tf: Uint8Array, offset: number): void {
    if (this.length === this.docs.length) {
      this.docs = grow(this.docs, this.length + 1);
      this.tfs = grow(this.tfs, this.docs.length * this.stride);
    }
    this.docs[this.length] = doc;
    this.tfs.set(tf.subarray(offset, offset + this.stride), this.length * this.stride);
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
        this.tfs.copyWithin(w * s, r * s, r * s + s);
      }
      w++;
    }
    const dropped = this.length - w;
    this.length = w;
    return dropped;
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
