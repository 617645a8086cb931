/**
 * Exact nearest-neighbour search over unit vectors (dot product = cosine). Brute force is exact
 * and fast enough for tool catalogs: 50k tools × 384 dimensions is ~20M multiply-adds per query.
 */
export class VectorIndex {
  readonly #vectors = new Map<string, Float32Array>();

  set(slug: string, vector: Float32Array): void {
    this.#vectors.set(slug, vector);
  }

  delete(slug: string): void {
    this.#vectors.delete(slug);
  }

  keys(): IterableIterator<string> {
    return this.#vectors.keys();
  }

  has(slug: string): boolean {
    return this.#vectors.has(slug);
  }

  get size(): number {
    return this.#vectors.size;
  }

  search(query: Float32Array, limit: number, allow?: (slug: string) => boolean): Array<{ slug: string; score: number }> {
    const hits: Array<{ slug: string; score: number }> = [];
    for (const [slug, v] of this.#vectors) {
      if (allow && !allow(slug)) continue;
      if (v.length !== query.length) continue;
      let dot = 0;
      for (let i = 0; i < v.length; i++) dot += v[i]! * query[i]!;
      hits.push({ slug, score: dot });
    }
    return hits.sort((a, b) => b.score - a.score || (a.slug < b.slug ? -1 : 1)).slice(0, limit);
  }
}
