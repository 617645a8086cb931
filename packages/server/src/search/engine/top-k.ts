/** A candidate for the result list. */
export interface Candidate {
  slug: string;
  score: number;
  /** The indexed document, when the candidate is one (saves the re-ranking a slug lookup per candidate). */
  doc?: number;
}

/** Better-first order: higher score, then smaller slug (so equal scores always come out the same way). */
function better(a: Candidate, b: Candidate): boolean {
  return a.score > b.score || (a.score === b.score && a.slug < b.slug);
}

/**
 * Keeps the best `k` candidates offered, in O(n log k) with a min-heap whose root is the worst kept one.
 * `wouldKeep` lets callers skip expensive work (like a permission check) for candidates that cannot enter.
 */
export class TopK {
  private readonly heap: Candidate[] = [];
  constructor(private readonly k: number) {}

  wouldKeep(score: number, slug: string): boolean {
    if (this.k <= 0) return false;
    if (this.heap.length < this.k) return true;
    return better({ slug, score }, this.heap[0]!);
  }

  offer(c: Candidate): void {
    const h = this.heap;
    if (h.length < this.k) {
      h.push(c);
      let i = h.length - 1;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (!better(h[parent]!, h[i]!)) break; // parent must be the worse one
        [h[parent], h[i]] = [h[i]!, h[parent]!];
        i = parent;
      }
      return;
    }
    if (!better(c, h[0]!)) return;
    h[0] = c;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let worst = i;
      if (l < h.length && better(h[worst]!, h[l]!)) worst = l;
      if (r < h.length && better(h[worst]!, h[r]!)) worst = r;
      if (worst === i) break;
      [h[worst], h[i]] = [h[i]!, h[worst]!];
      i = worst;
    }
  }

  /** Best first. */
  result(): Candidate[] {
    return [...this.heap].sort((a, b) => (better(a, b) ? -1 : better(b, a) ? 1 : 0));
  }
}
