import type { LearnedQuery } from '../types.js';
import { tokenize } from './tokenizer.js';

/**
 * Requests that led to a tool before, by their terms (`tokenize(text).join(' ')`, so "Tell the team…" and
 * "tell the team …" are one request). Agents repeat requests word for word; when one comes back, the tools
 * it led to are the answer whatever the weights of the learned field say. Bounded by the learned queries
 * the index keeps per tool.
 */
export class RepeatMemory {
  /** request key → tool slug → weight of that request for that tool */
  private readonly byKey = new Map<string, Map<string, number>>();
  private readonly keysOf = new Map<string, string[]>();

  /** Whether no request is remembered (then no key needs making). */
  get empty(): boolean {
    return this.byKey.size === 0;
  }

  static key(text: string): string {
    return tokenize(text).join(' ');
  }

  /** Replaces the requests remembered for `slug`. */
  set(slug: string, queries: readonly LearnedQuery[], max: number): void {
    for (const key of this.keysOf.get(slug) ?? []) {
      const tools = this.byKey.get(key);
      tools?.delete(slug);
      if (tools?.size === 0) this.byKey.delete(key);
    }
    this.keysOf.delete(slug);
    const weights = new Map<string, number>();
    const usable = queries.filter((q) => Number.isFinite(q.weight) && q.weight > 0).sort((a, b) => b.weight - a.weight);
    for (const q of usable.slice(0, Math.max(0, max))) {
      const key = RepeatMemory.key(q.text);
      if (key) weights.set(key, (weights.get(key) ?? 0) + q.weight);
    }
    if (weights.size === 0) return;
    for (const [key, w] of weights) {
      let tools = this.byKey.get(key);
      if (!tools) this.byKey.set(key, (tools = new Map()));
      tools.set(slug, w);
    }
    this.keysOf.set(slug, [...weights.keys()]);
  }

  /** The tools `text` led to before, each with its share of that request's weight (shares sum to 1). */
  lookup(text: string): Map<string, number> | undefined {
    if (this.byKey.size === 0) return undefined;
    return this.lookupKey(RepeatMemory.key(text));
  }

  /** `lookup` by the request's key (`RepeatMemory.key(text)`, which a caller may keep for a text it sees again). */
  lookupKey(key: string): Map<string, number> | undefined {
    if (this.byKey.size === 0) return undefined;
    const tools = this.byKey.get(key);
    if (!tools) return undefined;
    let total = 0;
    for (const w of tools.values()) total += w;
    return new Map([...tools].map(([slug, w]) => [slug, w / total]));
  }
}
