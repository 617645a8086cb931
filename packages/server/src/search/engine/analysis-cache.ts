/**
 * Per-request-text memo of query analysis (clauses, resolved concepts, scoring plan, meaning vectors),
 * valid for one state of the index: `get` with another state key than the entries were made for drops
 * them all. Agents repeat requests word for word (see RepeatMemory), and the analysis of a request is
 * a fixed cost per query — parsing, synonym expansion, idf lookups, and the spread of the request's
 * meaning vector over the index — that the scoring itself does not need to redo.
 *
 * An analysis is kept only for a text seen before: most texts are asked once, and keeping theirs made
 * every young-generation collection copy them (an analysis holds a vector spread over the index), which
 * on a mix of distinct requests took a collection from about 1 ms to 4–5 ms and doubled the time spent
 * collecting. A text asked a second time is analysed again and kept from then on.
 */
export class AnalysisCache<T> {
  private readonly entries = new Map<string, T>();
  /** Texts asked once since the state began, oldest first; only the text (already allocated) is held. */
  private readonly seenOnce = new Set<string>();
  private state = '';

  constructor(private readonly max: number) {}

  get(state: string, text: string): T | undefined {
    if (state !== this.state) {
      this.reset(state);
      return undefined;
    }
    return this.entries.get(text);
  }

  set(state: string, text: string, value: T): void {
    if (state !== this.state) this.reset(state);
    if (!this.seenOnce.delete(text)) {
      // First sighting: remember the text, not its analysis.
      if (this.seenOnce.size >= this.max) this.seenOnce.delete(this.seenOnce.values().next().value!);
      this.seenOnce.add(text);
      return;
    }
    // Oldest first out: a Map iterates in insertion order.
    if (this.entries.size >= this.max) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(text, value);
  }

  private reset(state: string): void {
    this.entries.clear();
    this.seenOnce.clear();
    this.state = state;
  }
}
