import { describe, expect, it } from 'vitest';
import { KthLargest } from './kth-largest.js';
import { WindowOrder } from './window-order.js';

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** A window of `n` docs (ids spread over `cap`), scores with ties, keys a mix of the score and half of it. */
function windowCase(rand: () => number, n: number, cap: number) {
  const scores = new Float64Array(cap);
  const ids = new Set<number>();
  while (ids.size < n) ids.add(Math.floor(rand() * cap));
  const window = Int32Array.from(ids);
  const keys = new Float64Array(n);
  window.forEach((d, i) => {
    scores[d] = Math.round(rand() * 40) / 4 + 0.25; // coarse: ties happen
    keys[i] = rand() < 0.3 ? scores[d]! : scores[d]! / 2;
  });
  return { scores, window, keys };
}

describe('WindowOrder', () => {
  it('without a floor, gives the i-th best entry by key (then lower doc id) the i-th highest score', () => {
    const scores = new Float64Array(10);
    const window = Int32Array.from([4, 2, 7, 9]);
    [scores[4], scores[2], scores[7], scores[9]] = [8, 6, 4, 2];
    const keys = Float64Array.from([4, 6, 6, 1]); // doc 2 and doc 7 tie: doc 2 first
    new WindowOrder().apply(scores, window, keys, 4, Number.NEGATIVE_INFINITY, false);
    expect([scores[2], scores[7], scores[4], scores[9]]).toEqual([8, 6, 4, 2]);
  });

  it('with a floor, hands out the scores at or above it exactly as without one, and keeps the rest below it', () => {
    const rand = random(7);
    const order = new WindowOrder();
    for (let round = 0; round < 300; round++) {
      const n = 2 + Math.floor(rand() * 60);
      const { scores, window, keys } = windowCase(rand, n, 200);
      const all = [...window].map((d) => scores[d]!).sort((a, b) => b - a);
      const floor = all[Math.floor(rand() * n)]!;
      const exact = scores.slice();
      order.apply(exact, window, keys, n, Number.NEGATIVE_INFINITY, false);
      const cut = scores.slice();
      order.apply(cut, window, keys, n, floor, false);
      for (const d of window) {
        if (exact[d]! >= floor) expect(cut[d], `round ${round}, doc ${d}`).toBe(exact[d]);
        else expect(cut[d]!, `round ${round}, doc ${d}`).toBeLessThan(floor);
      }
      // The window's scores stay the same multiset (so its best score too).
      expect([...window].map((d) => cut[d]!).sort((a, b) => b - a)).toEqual(all);
    }
  });

  it('gives every entry its exact score when asked to, whatever the floor', () => {
    const rand = random(11);
    const { scores, window, keys } = windowCase(rand, 40, 100);
    const exact = scores.slice();
    new WindowOrder().apply(exact, window, keys, 40, Number.NEGATIVE_INFINITY, false);
    const asked = scores.slice();
    new WindowOrder().apply(asked, window, keys, 40, 1e9, true);
    expect([...asked]).toEqual([...exact]);
  });
});

describe('KthLargest', () => {
  it('finds the k-th largest value offered, −Infinity until k were offered', () => {
    const rand = random(3);
    const kth = new KthLargest();
    for (const k of [1, 5, 100]) {
      kth.reset(k);
      const values: number[] = [];
      for (let i = 0; i < 400; i++) {
        const v = Math.round(rand() * 50);
        values.push(v);
        kth.offer(v);
        const sorted = [...values].sort((a, b) => b - a);
        expect(kth.value()).toBe(values.length < k ? Number.NEGATIVE_INFINITY : sorted[k - 1]);
      }
    }
    kth.reset(0);
    kth.offer(1);
    expect(kth.value()).toBe(Number.NEGATIVE_INFINITY);
  });
});
