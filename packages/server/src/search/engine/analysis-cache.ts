/**
 * Per-request-text memo of query analysis (clauses, resolved concepts, scoring plan, meaning vectors),
 * valid for one state of the index: `get` with another state key than the entries were made for drops
 * them all. Agents repeat requests word for word (see RepeatMemory), and the analysis of a request is
 * a fixed cost per query — parsing, synonym expansion, idf lookups, and the spread of the request's
 * meaning vector over the index — that the scoring itself does not need to redo.
 */
export class AnalysisCache<T> {
  private readonly entries = new Map<string, T>();
  private state = '';

  constructor(private readonly max: number) {}

  get(state: string, text: string): T | undefined {
    if (state !== this.state) {
      this.entries.clear();
      this.state = state;
      return undefined;
    }
    return this.entries.get(text);
  }

  set(state: string, text: string, value: T): void {
    if (state !== this.state) {
      this.entries.clear();
      this.state = state;
    }
    // Oldest first out: a Map iterates in insertion order.
    if (this.entries.size >= this.max) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(text, value);
  }
}
