import { describe, expect, it } from 'vitest';
import { fuseRankings } from './fuse.js';

const hits = (...pairs: Array<[string, number]>) => pairs.map(([slug, score]) => ({ slug, score }));
const slugs = (list: ReadonlyArray<{ slug: string }>) => list.map((h) => h.slug);

describe('score-normalised fusion', () => {
  // The lexical engine is sure of A; the encoder barely tells the three apart and puts A last.
  const lexical = hits(['A', 20], ['B', 2], ['C', 1]);
  const dense = hits(['B', 0.65], ['C', 0.64], ['A', 0.63]);

  it('keeps a confident lexical answer first when the encoder is unsure', () => {
    // Reciprocal-rank fusion puts B first here (second + first beats first + third); scores keep A's lead.
    expect(slugs(fuseRankings(lexical, dense, 3, 0.3))).toEqual(['A', 'B', 'C']);
  });

  it('is the lexical ranking at weight 0 and the dense ranking at weight 1', () => {
    expect(slugs(fuseRankings(lexical, dense, 3, 0))).toEqual(['A', 'B', 'C']);
    expect(slugs(fuseRankings(lexical, dense, 3, 1))).toEqual(['B', 'C', 'A']);
  });

  it('lets a tool only the encoder found join the list, and scores within 0 … 1', () => {
    const fused = fuseRankings(hits(['A', 3], ['B', 1]), hits(['Z', 0.9], ['A', 0.1]), 5, 0.3);
    expect(slugs(fused)).toEqual(['A', 'Z', 'B']);
    for (const h of fused) expect(h.score).toBeGreaterThanOrEqual(0), expect(h.score).toBeLessThanOrEqual(1);
  });

  it('handles empty lists and lists of equal scores', () => {
    expect(slugs(fuseRankings([], hits(['X', 0.5]), 3, 0.3))).toEqual(['X']);
    expect(slugs(fuseRankings(hits(['A', 2], ['B', 2]), [], 3, 0.3))).toEqual(['A', 'B']);
  });
});
