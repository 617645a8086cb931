import { describe, expect, it } from 'vitest';
import { AnalysisCache } from './analysis-cache.js';

describe('AnalysisCache', () => {
  it('keeps an analysis from the second time its text is asked, for one index state', () => {
    const cache = new AnalysisCache<{ n: number }>(10);
    expect(cache.get('s1', 'send an email')).toBeUndefined();
    cache.set('s1', 'send an email', { n: 1 });
    // Asked once: only the text is remembered.
    expect(cache.get('s1', 'send an email')).toBeUndefined();
    cache.set('s1', 'send an email', { n: 2 });
    expect(cache.get('s1', 'send an email')).toEqual({ n: 2 });
    // Another state of the index forgets entries and sightings alike.
    expect(cache.get('s2', 'send an email')).toBeUndefined();
    cache.set('s2', 'send an email', { n: 3 });
    expect(cache.get('s2', 'send an email')).toBeUndefined();
  });

  it('bounds both the analyses and the texts seen once, dropping the oldest', () => {
    const cache = new AnalysisCache<number>(2);
    for (const text of ['a', 'a', 'b', 'b', 'c', 'c']) cache.set('s', text, text.charCodeAt(0));
    expect(cache.get('s', 'a')).toBeUndefined();
    expect(cache.get('s', 'b')).toBe(98);
    expect(cache.get('s', 'c')).toBe(99);
    // 'x' and 'y' push 'z' out of the texts seen once, so 'z' counts as new again.
    for (const text of ['z', 'x', 'y', 'z']) cache.set('s', text, 0);
    expect(cache.get('s', 'z')).toBeUndefined();
  });
});
