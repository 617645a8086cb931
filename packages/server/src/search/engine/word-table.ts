import type { WordSink } from './tokenizer.js';

/**
 * word → term id (−1 for stop words), looked up by a range of the text being indexed rather than by a
 * string: the tokenizer reports each word as (text, start, end), and only a word never seen before is cut
 * out, stemmed and interned. Indexing then allocates nothing per word occurrence. Open addressing over
 * FNV-1a hashes of the (lower-cased) character codes.
 */
export class WordTable {
  private words: string[] = [];
  private hashes = new Int32Array(0);
  private ids = new Int32Array(0);
  private used = new Uint8Array(0);
  private mask = 0;
  size = 0;

  constructor(
    /** Term id of a new word (−1 to skip it). */
    private readonly resolve: (word: string) => number,
    /** The table is emptied when it holds this many words, so it cannot grow without bound. */
    private readonly maxWords: number,
  ) {
    this.reset(1 << 12);
  }

  private reset(capacity: number): void {
    this.words = new Array<string>(capacity);
    this.hashes = new Int32Array(capacity);
    this.ids = new Int32Array(capacity);
    this.used = new Uint8Array(capacity);
    this.mask = capacity - 1;
    this.size = 0;
  }

  /** The term id of text[start, end) (lower-cased if `lower`), resolving and remembering it if new. */
  lookup(text: string, start: number, end: number, lower: boolean): number {
    let h = 0x811c9dc5 | 0;
    for (let i = start; i < end; i++) {
      let c = text.charCodeAt(i);
      if (lower && c >= 65 && c <= 90) c += 32;
      h = Math.imul(h ^ c, 0x01000193);
    }
    const len = end - start;
    let slot = h & this.mask;
    while (this.used[slot] === 1) {
      if (this.hashes[slot] === h) {
        const w = this.words[slot]!;
        if (w.length === len && sameChars(w, text, start, lower)) return this.ids[slot]!;
      }
      slot = (slot + 1) & this.mask;
    }
    let word = text.slice(start, end);
    if (lower) word = word.toLowerCase();
    const id = this.resolve(word);
    if (this.size >= this.maxWords) {
      this.reset(this.words.length);
      slot = h & this.mask;
    } else if (2 * (this.size + 1) > this.words.length) {
      this.grow();
      slot = h & this.mask;
      while (this.used[slot] === 1) slot = (slot + 1) & this.mask;
    }
    this.used[slot] = 1;
    this.hashes[slot] = h;
    this.words[slot] = word;
    this.ids[slot] = id;
    this.size++;
    return id;
  }

  private grow(): void {
    const { words, hashes, ids, used } = this;
    this.reset(words.length * 2);
    for (let i = 0; i < words.length; i++) {
      if (used[i] !== 1) continue;
      let slot = hashes[i]! & this.mask;
      while (this.used[slot] === 1) slot = (slot + 1) & this.mask;
      this.used[slot] = 1;
      this.hashes[slot] = hashes[i]!;
      this.words[slot] = words[i]!;
      this.ids[slot] = ids[i]!;
      this.size++;
    }
  }
}

function sameChars(word: string, text: string, start: number, lower: boolean): boolean {
  for (let i = 0; i < word.length; i++) {
    let c = text.charCodeAt(start + i);
    if (lower && c >= 65 && c <= 90) c += 32;
    if (word.charCodeAt(i) !== c) return false;
  }
  return true;
}

/** Collects the term ids of the words a tokenizer reports (ids < 0, stop words, are dropped). */
export class TermIdSink implements WordSink {
  out: number[] = [];
  constructor(private readonly table: WordTable) {}
  word(text: string, start: number, end: number, lower: boolean): void {
    const id = this.table.lookup(text, start, end, lower);
    if (id >= 0) this.out.push(id);
  }
}
