/**
 * Term ↔ dense integer id. Postings, document frequencies and forward lists are all keyed by id so they can
 * live in typed arrays. Ids are never recycled: a term whose last document went away keeps its id with
 * df 0, which costs one map entry and keeps ids stable for concurrent readers.
 */
import { VariantIndex } from './morphology.js';

export class Vocabulary {
  private readonly ids = new Map<string, number>();
  private readonly terms: string[] = [];
  /** Derivational variants among the known terms (see morphology.ts). */
  readonly variants = new VariantIndex();

  get size(): number {
    return this.terms.length;
  }

  /** The id of `term`, creating it if new. */
  intern(term: string): number {
    let id = this.ids.get(term);
    if (id === undefined) {
      id = this.terms.length;
      this.ids.set(term, id);
      this.terms.push(term);
      this.variants.add(term);
    }
    return id;
  }

  /** The id of `term`, or -1 if no document ever had it. */
  lookup(term: string): number {
    return this.ids.get(term) ?? -1;
  }

  term(id: number): string {
    return this.terms[id] ?? '';
  }
}
