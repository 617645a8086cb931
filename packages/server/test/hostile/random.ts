/**
 * The suite's only source of randomness: a small seeded generator (mulberry32), so every run with
 * the same seed sends the same requests. Each case gets its own generator derived from the seed
 * and its index, so one case can be replayed alone (HOSTILE_ONLY) and still be the same request.
 */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed | 0;
  }

  /** The generator of case `index` under `seed`, independent of every other case. */
  static forCase(seed: number, index: number): Random {
    // Mix the two numbers so neighbouring indexes do not start from neighbouring states.
    let h = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(index + 1, 0xc2b2ae35);
    h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
    return new Random(h ^ (h >>> 15));
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = Math.imul(this.state ^ (this.state >>> 15), 1 | this.state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** An integer in [min, max]. */
  between(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[this.int(items.length)] as T;
  }

  /** Picks by weight: `[[3, 'a'], [1, 'b']]` gives 'a' three times as often as 'b'. */
  weighted<T>(entries: ReadonlyArray<readonly [number, T]>): T {
    const total = entries.reduce((sum, [w]) => sum + w, 0);
    let at = this.next() * total;
    for (const [w, value] of entries) {
      at -= w;
      if (at < 0) return value;
    }
    return entries[entries.length - 1]![1];
  }

  /** Lower-case letters and digits. */
  word(min = 1, max = 12): string {
    const length = this.between(min, max);
    let out = '';
    for (let i = 0; i < length; i++) out += 'abcdefghijklmnopqrstuvwxyz0123456789'[this.int(36)];
    return out;
  }
}

/** The seed of this run: HOSTILE_SEED when set (decimal), else the fixed default so CI is reproducible. */
export function runSeed(env: Record<string, string | undefined>, fallback: number): number {
  const raw = env.HOSTILE_SEED;
  if (raw === undefined || raw === '') return fallback;
  const seed = Number(raw);
  if (!Number.isInteger(seed)) throw new Error(`HOSTILE_SEED must be an integer, got "${raw}"`);
  return seed;
}
