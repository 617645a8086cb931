/**
 * The reordering step of the reference-tool prior (see `ToolIndex.applyAgentReadyPrior`) over one window of
 * a toolkit's candidates: the candidates keep the window's scores among themselves, the i-th best by key
 * (higher key first, then lower doc id: a total order) taking the i-th highest score.
 *
 * A whole-catalog request puts hundreds of GitHub candidates in one window, while only the few that will rank
 * among the returned ones need their exact new score. With a `floor` (a score the returned tools are known to
 * reach, see `ToolIndex`), only the scores at or above it are handed out by key; the candidates left with the
 * scores below it keep some score below it, not necessarily their exact one: none of them can be returned,
 * and the window's scores stay the same multiset (its best score too). Buffers are kept across queries.
 */
export class WindowOrder {
  private high = new Float64Array(0);
  private best = new Int32Array(0);
  private inTop = new Uint8Array(0);
  private freed = new Float64Array(0);
  private places = new Float64Array(0);
  private order = new Uint32Array(0);

  /**
   * Reorders `window[0..n)` (doc ids) in `scores` by `keys[0..n)` (one per window entry). `floor` −Infinity
   * (or `exact`: some candidate's exact score is read later) gives every candidate its exact new score.
   */
  apply(scores: Float64Array, window: Int32Array, keys: Float64Array, n: number, floor: number, exact: boolean): void {
    let high = 0;
    for (let i = 0; i < n; i++) if (scores[window[i]!]! >= floor) high++;
    if (exact || high === n) {
      this.applyAll(scores, window, keys, n);
      return;
    }
    if (high === 0) return; // every score stays below the floor whoever holds it
    this.ensure(n);
    // The scores at or above the floor, ascending (handed out from the end).
    const places = this.high;
    let k = 0;
    for (let i = 0; i < n; i++) {
      const v = scores[window[i]!]!;
      if (v >= floor) places[k++] = v;
    }
    places.subarray(0, high).sort();
    // The `high` best entries by key, best first (insertion into a short sorted list).
    const best = this.best;
    let count = 0;
    for (let i = 0; i < n; i++) {
      if (count === high && !better(keys, window, i, best[high - 1]!)) continue;
      let j = count < high ? count++ : high - 1;
      while (j > 0 && better(keys, window, i, best[j - 1]!)) {
        best[j] = best[j - 1]!;
        j--;
      }
      best[j] = i;
    }
    // Scores below the floor that entries moving up leave behind go to the entries moving down.
    const inTop = this.inTop;
    const freed = this.freed;
    let nFreed = 0;
    for (let t = 0; t < high; t++) {
      const i = best[t]!;
      inTop[i] = 1;
      const v = scores[window[i]!]!;
      if (v < floor) freed[nFreed++] = v;
    }
    for (let i = 0; i < n; i++) {
      if (inTop[i] === 1) continue;
      const d = window[i]!;
      if (scores[d]! >= floor) scores[d] = freed[--nFreed]!;
    }
    for (let t = 0; t < high; t++) {
      const i = best[t]!;
      inTop[i] = 0;
      scores[window[i]!] = places[high - 1 - t]!;
    }
  }

  /** Every entry gets its exact new score: the window's scores sort natively, the entries by key. */
  private applyAll(scores: Float64Array, window: Int32Array, keys: Float64Array, n: number): void {
    this.ensure(n);
    const places = this.places.subarray(0, n);
    const order = this.order.subarray(0, n);
    for (let i = 0; i < n; i++) {
      places[i] = scores[window[i]!]!;
      order[i] = i;
    }
    places.sort();
    order.sort((a, b) => keys[b]! - keys[a]! || window[a]! - window[b]!);
    for (let i = 0; i < n; i++) scores[window[order[i]!]!] = places[n - 1 - i]!;
  }

  private ensure(n: number): void {
    if (this.places.length >= n) return;
    const cap = Math.max(n, this.places.length * 2, 64);
    this.high = new Float64Array(cap);
    this.best = new Int32Array(cap);
    this.inTop = new Uint8Array(cap);
    this.freed = new Float64Array(cap);
    this.places = new Float64Array(cap);
    this.order = new Uint32Array(cap);
  }
}

/** Whether window entry `a` comes before entry `b`: higher key, then lower doc id. */
function better(keys: Float64Array, window: Int32Array, a: number, b: number): boolean {
  const ka = keys[a]!;
  const kb = keys[b]!;
  return ka > kb || (ka === kb && window[a]! < window[b]!);
}

/** One toolkit's candidates for the reordering (`docs[0..count)`), and whether one of them is a reference tool. */
export class ToolkitGroup {
  docs = new Int32Array(16);
  count = 0;
  hasReference = false;
  constructor(public tk: number) {}

  push(d: number): void {
    if (this.count === this.docs.length) {
      const next = new Int32Array(this.docs.length * 2);
      next.set(this.docs);
      this.docs = next;
    }
    this.docs[this.count++] = d;
  }
}

/**
 * Candidates grouped by toolkit id, in the order their toolkits were first met. The groups and their
 * buffers are kept across queries: a whole-catalog request groups thousands of candidates, and pushing
 * them onto fresh arrays was the largest part of the grouping.
 */
export class ToolkitGroups {
  private slot = new Int32Array(0);
  private readonly pool: ToolkitGroup[] = [];
  size = 0;

  of(tk: number): ToolkitGroup {
    if (this.slot.length <= tk) {
      const next = new Int32Array(Math.max(tk + 1, this.slot.length * 2, 64));
      next.set(this.slot);
      this.slot = next;
    }
    const at = this.slot[tk]!;
    if (at > 0) return this.pool[at - 1]!;
    let group = this.pool[this.size];
    if (!group) this.pool.push((group = new ToolkitGroup(tk)));
    group.tk = tk;
    group.count = 0;
    group.hasReference = false;
    this.slot[tk] = ++this.size;
    return group;
  }

  at(i: number): ToolkitGroup {
    return this.pool[i]!;
  }

  clear(): void {
    for (let i = 0; i < this.size; i++) this.slot[this.pool[i]!.tk] = 0;
    this.size = 0;
  }
}
