import type { IndexStore } from './index-store.js';

/**
 * Each doc's name terms with their idf, and the idf total of the name, remembered until the term statistics
 * change. The name re-rank reads them for its ~100 candidates per query: a `Math.log` per name term was most of
 * that step, then the loads of each doc's own small term array. Here a doc's name sits in one flat buffer (its
 * term ids beside their idf), filled the first time the doc is asked in an epoch. Values are computed exactly as
 * `IndexStore.idf` and the re-rank's own loop computed them (same terms, same order), so scores stay the same
 * to the last bit.
 *
 * Every change of df or of the live docs marks the norms dirty, and the next query's scoring recomputes them
 * (bumping `normsEpoch`) before anything reads these: so the epoch says when to forget. While the norms are
 * dirty (nothing scored since a change) nothing is remembered and every answer is computed afresh.
 */
export class NameIdf {
  private epoch = -1;
  /** Per doc: where its name starts in the pool (-1: not there yet), its length and idf total. */
  private start = new Int32Array(0);
  private length = new Int32Array(0);
  private total = new Float64Array(0);
  private ids = new Int32Array(0);
  private idfs = new Float64Array(0);
  private used = 0;

  constructor(private readonly store: IndexStore) {}

  /** Σ idf over the name terms of doc `d`, summed in their order (0 for a doc without name terms). */
  nameTotal(d: number): number {
    if (!this.current() || d >= this.start.length) return directTotal(this.store, d);
    return this.place(d) < 0 ? 0 : this.total[d]!;
  }

  /** Σ idf(term) × weight[term] over the name terms of doc `d`, in their order (`weight` by term id; past its end, 0). */
  nameHit(d: number, weight: Float64Array): number {
    if (!this.current() || d >= this.start.length) return directHit(this.store, d, weight);
    const at = this.place(d);
    if (at < 0) return 0;
    const end = at + this.length[d]!;
    const { ids, idfs } = this;
    let hit = 0;
    for (let i = at; i < end; i++) {
      const id = ids[i]!;
      hit += idfs[i]! * (id < weight.length ? weight[id]! : 0);
    }
    return hit;
  }

  /** Where doc `d`'s name starts in the pool, copying it there first if needed; -1 for a doc without name terms. */
  private place(d: number): number {
    const known = this.start[d]!;
    if (known >= 0) return known;
    const terms = this.store.nameTerms[d];
    if (!terms) return -1;
    const n = terms.length;
    if (this.used + n > this.ids.length) {
      const cap = Math.max(this.used + n, this.ids.length * 2, 1024);
      const ids = new Int32Array(cap);
      ids.set(this.ids.subarray(0, this.used));
      const idfs = new Float64Array(cap);
      idfs.set(this.idfs.subarray(0, this.used));
      this.ids = ids;
      this.idfs = idfs;
    }
    const at = this.used;
    let total = 0;
    for (let i = 0; i < n; i++) {
      const id = terms[i]!;
      const idf = this.store.idf(id);
      this.ids[at + i] = id;
      this.idfs[at + i] = idf;
      total += idf;
    }
    this.used += n;
    this.start[d] = at;
    this.length[d] = n;
    this.total[d] = total;
    return at;
  }

  /** Whether remembered values may be used; drops them when the statistics changed. */
  private current(): boolean {
    const s = this.store;
    if (!s.normsCurrent) return false;
    if (this.epoch !== s.normsEpoch) {
      const docs = s.docCapacity;
      if (this.start.length < docs) {
        const cap = Math.max(docs, this.start.length * 2);
        this.start = new Int32Array(cap);
        this.length = new Int32Array(cap);
        this.total = new Float64Array(cap);
      }
      this.start.fill(-1);
      this.used = 0;
      this.epoch = s.normsEpoch;
    }
    return true;
  }
}

function directTotal(store: IndexStore, d: number): number {
  const terms = store.nameTerms[d];
  let total = 0;
  if (terms) for (let i = 0; i < terms.length; i++) total += store.idf(terms[i]!);
  return total;
}

function directHit(store: IndexStore, d: number, weight: Float64Array): number {
  const terms = store.nameTerms[d];
  let hit = 0;
  if (terms) {
    for (let i = 0; i < terms.length; i++) {
      const id = terms[i]!;
      hit += store.idf(id) * (id < weight.length ? weight[id]! : 0);
    }
  }
  return hit;
}
