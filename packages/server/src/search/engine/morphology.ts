/**
 * Derivational variants that Porter2 keeps apart: "financial" → financi vs "finance" → financ,
 * "analyze" → analyz vs "analysis" → analysi, "scientific" → scientif vs "science" → scienc. Two stems are
 * variants when they share a prefix of at least MIN_SHARED characters that covers all but at most
 * MAX_TAIL characters of the shorter stem. Matching is against the index vocabulary, grouped by the
 * first MIN_SHARED characters so a lookup touches a handful of terms. Used as a low-weight query expansion
 * (`RankingParams.variantWeight`), so the occasional false friend (general/generate) costs little.
 */
const MIN_SHARED = 5;
const MAX_TAIL = 2;

export class VariantIndex {
  private readonly buckets = new Map<string, string[]>();

  add(term: string): void {
    if (term.length < MIN_SHARED || !/^[a-z]+$/.test(term)) return;
    const key = term.slice(0, MIN_SHARED);
    const list = this.buckets.get(key);
    if (list) list.push(term);
    else this.buckets.set(key, [term]);
  }

  /** Indexed variants of `term` (not including itself), in insertion order. */
  variants(term: string): string[] {
    if (term.length < MIN_SHARED) return [];
    const list = this.buckets.get(term.slice(0, MIN_SHARED));
    if (!list) return [];
    const out: string[] = [];
    for (const other of list) {
      if (other === term) continue;
      const shorter = Math.min(term.length, other.length);
      let shared = MIN_SHARED;
      while (shared < shorter && term.charCodeAt(shared) === other.charCodeAt(shared)) shared++;
      if (shorter - shared <= MAX_TAIL && Math.max(term.length, other.length) - shared <= MAX_TAIL + 2) out.push(other);
    }
    return out;
  }
}
