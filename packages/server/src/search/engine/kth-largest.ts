/**
 * The k-th largest of the numbers offered since `reset(k)`: a min-heap of the k largest in a buffer kept
 * across queries, so finding it over thousands of candidates allocates nothing.
 */
export class KthLargest {
  private heap = new Float64Array(0);
  private size = 0;
  private k = 0;

  reset(k: number): void {
    this.k = Math.max(0, Math.floor(k));
    if (this.heap.length < this.k) this.heap = new Float64Array(Math.max(this.k, this.heap.length * 2));
    this.size = 0;
  }

  offer(v: number): void {
    const h = this.heap;
    if (this.size < this.k) {
      let i = this.size++;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (h[parent]! <= v) break;
        h[i] = h[parent]!;
        i = parent;
      }
      h[i] = v;
      return;
    }
    if (this.k === 0 || !(v > h[0]!)) return;
    // Replace the smallest kept value and sift it down.
    const n = this.size;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && h[r]! < h[l]! ? r : l;
      if (h[c]! >= v) break;
      h[i] = h[c]!;
      i = c;
    }
    h[i] = v;
  }

  /** The k-th largest value offered; −Infinity while fewer than k were offered (or k is 0). */
  value(): number {
    return this.k > 0 && this.size >= this.k ? this.heap[0]! : Number.NEGATIVE_INFINITY;
  }
}
