/**
 * A sparse score accumulator over doc ids: a dense Float64Array for O(1) adds plus the list of touched
 * ids, so resetting costs only what was touched. Buffers are owned by the index and reused across
 * queries (no per-query allocation proportional to the index size).
 */
export class ScoreBuffer {
  scores: Float64Array = new Float64Array(0);
  /** A second value per doc, accumulated alongside (the scorer keeps query coverage here). */
  aux: Float64Array = new Float64Array(0);
  private marks: Uint8Array = new Uint8Array(0);
  touched: Int32Array = new Int32Array(0);
  count = 0;

  ensure(capacity: number): void {
    if (this.scores.length >= capacity) return;
    const cap = Math.max(capacity, this.scores.length * 2, 64);
    const s = new Float64Array(cap);
    s.set(this.scores);
    const a = new Float64Array(cap);
    a.set(this.aux);
    this.aux = a;
    const m = new Uint8Array(cap);
    m.set(this.marks);
    const t = new Int32Array(cap);
    t.set(this.touched.subarray(0, this.count));
    this.scores = s;
    this.marks = m;
    this.touched = t;
  }

  add(doc: number, value: number): void {
    if (this.marks[doc] === 0) {
      this.marks[doc] = 1;
      this.touched[this.count++] = doc;
    }
    this.scores[doc] = this.scores[doc]! + value;
  }

  /** `add`, and adds `extra` to the doc's `aux` value. */
  add2(doc: number, value: number, extra: number): void {
    if (this.marks[doc] === 0) {
      this.marks[doc] = 1;
      this.touched[this.count++] = doc;
    }
    this.scores[doc] = this.scores[doc]! + value;
    this.aux[doc] = this.aux[doc]! + extra;
  }

  has(doc: number): boolean {
    return this.marks[doc] === 1;
  }

  /** Keeps the larger of the current and the new value. */
  max(doc: number, value: number): void {
    if (this.marks[doc] === 0) {
      this.marks[doc] = 1;
      this.touched[this.count++] = doc;
      this.scores[doc] = value;
    } else if (value > this.scores[doc]!) this.scores[doc] = value;
  }

  maxScore(): number {
    let m = 0;
    for (let i = 0; i < this.count; i++) {
      const v = this.scores[this.touched[i]!]!;
      if (v > m) m = v;
    }
    return m;
  }

  reset(): void {
    // Past an eighth of the docs, clearing whole arrays (sequential writes) beats clearing each touched doc
    // (a whole-catalog request touches a third of the index).
    if (this.count > this.scores.length >> 3) {
      this.scores.fill(0);
      this.aux.fill(0);
      this.marks.fill(0);
      this.count = 0;
      return;
    }
    for (let i = 0; i < this.count; i++) {
      const d = this.touched[i]!;
      this.scores[d] = 0;
      this.aux[d] = 0;
      this.marks[d] = 0;
    }
    this.count = 0;
  }
}
