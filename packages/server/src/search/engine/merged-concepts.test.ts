import { describe, expect, it } from 'vitest';
import { MergedConcepts, type MergedPostings } from './merged-concepts.js';

const list = (n: number): MergedPostings => ({ docs: Int32Array.from({ length: n }, (_, i) => i), x: new Float64Array(n).fill(1), length: n });

describe('MergedConcepts', () => {
  it('keeps a concept from its second sight on, for one state of the index', () => {
    const kept = new MergedConcepts(100);
    kept.validate('v1');
    expect(kept.admit('open')).toBe(false);
    expect(kept.admit('open')).toBe(true);
    kept.set('open', list(10));
    expect(kept.get('open')?.length).toBe(10);
    kept.validate('v1');
    expect(kept.get('open')?.length).toBe(10);
    // Another state: nothing is kept, and sightings start over.
    kept.validate('v2');
    expect(kept.get('open')).toBeUndefined();
    expect(kept.admit('open')).toBe(false);
    expect(kept.size).toBe(0);
  });

  it('holds at most its number of docs, dropping the least recently used lists first', () => {
    const kept = new MergedConcepts(100);
    kept.set('a', list(40));
    kept.set('b', list(40));
    expect(kept.get('a')).toBeDefined(); // a is now the most recently used
    kept.set('c', list(40));
    expect(kept.get('b')).toBeUndefined();
    expect(kept.get('a')).toBeDefined();
    expect(kept.size).toBe(80);
    // A list larger than the whole budget is not kept, and pushes nothing out.
    kept.set('huge', list(101));
    expect(kept.get('huge')).toBeUndefined();
    expect(kept.size).toBe(80);
    // Replacing a list counts only the new one.
    kept.set('a', list(10));
    expect(kept.size).toBe(50);
  });

  it('remembers a bounded number of concepts seen once', () => {
    const kept = new MergedConcepts(100, 2);
    kept.admit('a');
    kept.admit('b');
    kept.admit('c'); // forgets a
    expect(kept.admit('a')).toBe(false);
    expect(kept.admit('c')).toBe(true);
  });
});
