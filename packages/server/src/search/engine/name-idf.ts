import type { IndexStore } from './index-store.js';

/**
 * The idf of terms and the idf total of each doc's name terms, remembered until the term statistics change.
 * The name re-rank reads them for its ~100 candidates per query, and a `Math.log` per name term was most of
 * that step. Values are computed exactly as `IndexStore.idf` and the re-rank's own loop computed them (same
 * terms, same order), so the scores stay the same to the last bit.
 *
 * Every change of df or of the live docs marks the norms dirty, and the next query's scoring recomputes them
 * (bumping `normsEpoch`) before anything reads these: so the epoch says when to forget. While the norms are
 * dirty (nothing scored since a change) nothing is remembered.
 */
export class NameIdf {
  private epoch = -1;
  private termIdf = new Float64Array(0);
  private docTotal = new Float64Array(0);

  constructor(private readonly store: IndexStore) {}

  /** `store.idf(termId)`. */
  idf(termId: number): number {
    if (termId < 0 || !this.current() || termId >= this.termIdf.length) return this.store.idf(termId);
    let v = this.termIdf[termId]!;
    if (Number.isNaN(v)) this.termIdf[termId] = v = this.store.idf(termId); // NaN: not yet known
    return v;
  }

  /** Σ idf over the name terms of doc `d`, summed in their order (0 for a doc without name terms). */
  nameTotal(d: number): number {
    const ids = this.store.nameTerms[d];
    if (!ids) return 0;
    if (!this.current() || d >= this.docTotal.length) return this.sum(ids);
    let v = this.docTotal[d]!;
    if (Number.isNaN(v)) this.docTotal[d] = v = this.sum(ids);
    return v;
  }

  private sum(ids: Int32Array): number {
    let total = 0;
    for (let i = 0; i < ids.length; i++) total += this.idf(ids[i]!);
    return total;
  }

  /** Whether remembered values may be used; drops them when the statistics changed. */
  private current(): boolean {
    const s = this.store;
    if (!s.normsCurrent) return false;
    if (this.epoch !== s.normsEpoch) {
      if (this.termIdf.length < s.df.length) this.termIdf = new Float64Array(s.df.length);
      if (this.docTotal.length < s.docCapacity) this.docTotal = new Float64Array(Math.max(s.docCapacity, this.docTotal.length * 2));
      this.termIdf.fill(Number.NaN);
      this.docTotal.fill(Number.NaN);
      this.epoch = s.normsEpoch;
    }
    return true;
  }
}
