import { describe, expect, it } from 'vitest';
import { LruCache } from './hot-reads.js';

describe('LruCache', () => {
  it('forgets the least recently used entry first', () => {
    const cache = new LruCache<string, number>(2, 60_000);
    cache.set('a', 1);
    cache.set('b', 2);
    expect(cache.get('a')).toBe(1); // a is now the most recent
    cache.set('c', 3);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe(1);
    expect(cache.get('c')).toBe(3);
  });

  it('forgets the least recently used entry first once half full, and leaves the order alone below that', () => {
    const cache = new LruCache<string, number>(4, 60_000);
    cache.set('a', 1);
    cache.set('b', 2);
    expect(cache.get('a')).toBe(1); // two of four: not moved
    expect([...cache.values()]).toEqual([1, 2]);
    cache.set('c', 3);
    expect(cache.get('a')).toBe(1); // three of four: a is now the most recent
    expect([...cache.values()]).toEqual([2, 3, 1]);
    cache.set('d', 4);
    cache.set('e', 5);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe(1);
  });

  it('reads again once an entry is older than its age limit', async () => {
    const cache = new LruCache<string, number>(10, 5);
    cache.set('a', 1);
    await new Promise((r) => setTimeout(r, 15));
    expect(cache.get('a')).toBeUndefined();
  });

  it('does not keep a value read before an invalidation that arrived while reading', async () => {
    const cache = new LruCache<string, string>(10, 60_000);
    let release!: () => void;
    const slow = cache.load('k', () => new Promise<string>((resolve) => (release = () => resolve('stale'))));
    cache.delete('k'); // the change event arrives while the old row is on its way
    release();
    expect(await slow).toBe('stale'); // the caller that asked first gets what it read …
    expect(await cache.load('k', async () => 'fresh')).toBe('fresh'); // … but nobody after it
  });

  it('keeps nothing while told it may not (the feed is not watching yet)', async () => {
    let watching = false;
    const cache = new LruCache<string, string>(10, 60_000, () => watching);
    await cache.load('k', async () => 'v1');
    expect(cache.size).toBe(0);
    watching = true;
    await cache.load('k', async () => 'v2');
    expect(await cache.load('k', async () => 'v3')).toBe('v2');
  });

  it('freezes what it keeps, so no request can change what the next one reads', async () => {
    const cache = new LruCache<string, { list: string[] }>(10, 60_000);
    const value = await cache.load('k', async () => ({ list: ['a'] }));
    expect(Object.isFrozen(value)).toBe(true);
    expect(() => value!.list.push('b')).toThrow(TypeError);
  });
});
