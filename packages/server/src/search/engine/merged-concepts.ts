/** A query concept's postings merged over its members: each doc found, in the order first met, with its summed pseudo-frequency. */
export interface MergedPostings {
  docs: Int32Array;
  x: Float64Array;
  length: number;
}

/**
 * Merged postings of the concepts recent queries asked, by concept (its word, synonyms and their weights),
 * valid for one state of the index (`validate` with another state drops them all).
 *
 * Scoring a concept walks every posting of every member and sums them per doc in a table indexed by doc —
 * a random access per posting, most of the scoring time. "open" brings create, add, new, make and insert
 * along: some 7,000 postings over a whole catalog. Requests share their words far more often than their
 * texts, so the merged list of a concept met before is kept and read in order instead. As with request
 * analyses, a concept is kept only from its second sight (a word asked once costs nothing to remember), the
 * scorer keeps only lists it walked whole anyway (not those of concepts that only re-scored a few
 * candidates), and the lists kept hold at most `maxEntries` docs in all, the least recently used going first.
 */
export class MergedConcepts {
  private readonly lists = new Map<string, MergedPostings>();
  private readonly seenOnce = new Set<string>();
  private entries = 0;
  private state = '';

  constructor(
    private readonly maxEntries: number,
    private readonly maxSeen = 10_000,
  ) {}

  /** Drops everything when the index is not in the state the lists were made for. */
  validate(state: string): void {
    if (state === this.state) return;
    this.lists.clear();
    this.seenOnce.clear();
    this.entries = 0;
    this.state = state;
  }

  get(key: string): MergedPostings | undefined {
    const list = this.lists.get(key);
    if (list !== undefined) {
      // Most recently used last: a Map iterates in insertion order.
      this.lists.delete(key);
      this.lists.set(key, list);
    }
    return list;
  }

  /** Whether `key` was seen before (then its list should be made whole and `set`); remembers it otherwise. */
  admit(key: string): boolean {
    if (this.seenOnce.delete(key)) return true;
    if (this.seenOnce.size >= this.maxSeen) this.seenOnce.delete(this.seenOnce.values().next().value!);
    this.seenOnce.add(key);
    return false;
  }

  set(key: string, list: MergedPostings): void {
    if (list.length > this.maxEntries) return;
    const old = this.lists.get(key);
    if (old !== undefined) {
      this.entries -= old.length;
      this.lists.delete(key);
    }
    while (this.entries + list.length > this.maxEntries) {
      const [oldestKey, oldest] = this.lists.entries().next().value!;
      this.lists.delete(oldestKey);
      this.entries -= oldest.length;
    }
    this.lists.set(key, list);
    this.entries += list.length;
  }

  /** How many docs the kept lists hold in all. */
  get size(): number {
    return this.entries;
  }
}
