import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Where `npm run catalog:vectors` writes the table (see scripts/build-word-vectors.mjs for how it is made). */
export const DEFAULT_WORD_VECTORS_FILE = fileURLToPath(new URL('../../../catalog/word-vectors.bin', import.meta.url));

const MAGIC = 'TRWV';
const VERSION = 1;
const HEADER_BYTES = 20;

/**
 * Static word vectors keyed by the engine's own terms (stemmed, stop words dropped): one int8 unit vector
 * per term with a float scale, rows in corpus-frequency order (row 0 is the most frequent word).
 * Read-only and shared by every index of the process. Words live in one string with
 * an open-addressing hash of offsets rather than a Map: a third of the memory for 50,000 words.
 */
export class WordVectors {
  private readonly slots: Int32Array;
  private readonly mask: number;

  private constructor(
    readonly dims: number,
    readonly scales: Float32Array,
    readonly data: Int8Array,
    /** Every word followed by '\n'. */
    private readonly words: string,
    /** Start of each row's word in `words`, plus the end. */
    private readonly starts: Uint32Array,
  ) {
    let size = 1;
    while (size < scales.length * 2) size *= 2;
    this.slots = new Int32Array(size).fill(-1);
    this.mask = size - 1;
    for (let r = 0; r < scales.length; r++) {
      let h = hashOf(words, starts[r]!, starts[r + 1]! - 1) & this.mask;
      while (this.slots[h] !== -1) h = (h + 1) & this.mask;
      this.slots[h] = r;
    }
  }

  get rows(): number {
    return this.scales.length;
  }

  /** Parses the file format written by scripts/build-word-vectors.mjs; throws on anything else. */
  static fromBuffer(buf: Buffer): WordVectors {
    if (buf.length < HEADER_BYTES || buf.toString('latin1', 0, 4) !== MAGIC || buf.readUInt32LE(4) !== VERSION) {
      throw new Error(`not a word-vector table (expected "${MAGIC}" version ${VERSION}; rebuild it with npm run catalog:vectors)`);
    }
    const rows = buf.readUInt32LE(8);
    const dims = buf.readUInt32LE(12);
    const wordBytes = buf.readUInt32LE(16);
    const scalesAt = HEADER_BYTES + wordBytes + ((4 - (wordBytes % 4)) % 4);
    const dataAt = scalesAt + 4 * rows;
    if (buf.length !== dataAt + rows * dims) throw new Error('word-vector table is truncated or has a bad header');
    const list = buf.toString('utf8', HEADER_BYTES, HEADER_BYTES + wordBytes).split('\n');
    if (list.length !== rows) throw new Error('word-vector table: word count does not match its header');
    const starts = new Uint32Array(rows + 1);
    for (let r = 0; r < rows; r++) starts[r + 1] = starts[r]! + list[r]!.length + 1;
    const scales = new Float32Array(rows);
    for (let r = 0; r < rows; r++) scales[r] = buf.readFloatLE(scalesAt + 4 * r);
    // A copy of exactly the vectors, so the rest of the file buffer can be freed.
    const data = new Int8Array(rows * dims);
    data.set(buf.subarray(dataAt, dataAt + rows * dims));
    return new WordVectors(dims, scales, data, list.map((w) => `${w}\n`).join(''), starts);
  }

  static load(file: string = DEFAULT_WORD_VECTORS_FILE): WordVectors {
    return WordVectors.fromBuffer(readFileSync(file));
  }

  /** The term's row, or −1 when the table does not know it. */
  row(term: string): number {
    const words = this.words;
    let h = hashOf(term, 0, term.length) & this.mask;
    for (;;) {
      const r = this.slots[h]!;
      if (r === -1) return -1;
      const at = this.starts[r]!;
      if (this.starts[r + 1]! - 1 - at === term.length && words.startsWith(term, at)) return r;
      h = (h + 1) & this.mask;
    }
  }

  /** The term of a row. */
  word(row: number): string {
    return this.words.slice(this.starts[row]!, this.starts[row + 1]! - 1);
  }

  /** Cosine of two rows. */
  cosine(a: number, b: number): number {
    const d = this.dims;
    const data = this.data;
    let s = 0;
    for (let i = 0, x = a * d, y = b * d; i < d; i++, x++, y++) s += data[x]! * data[y]!;
    return s * this.scales[a]! * this.scales[b]!;
  }

  /** `out += weight × vector(row)` (unit length before quantisation). */
  addTo(out: Float32Array, row: number, weight: number): void {
    const d = this.dims;
    const w = weight * this.scales[row]!;
    const base = row * d;
    const data = this.data;
    for (let i = 0; i < d; i++) out[i] = out[i]! + w * data[base + i]!;
  }

  /**
   * How much a word tells about the text it is in, from its frequency rank alone (smooth inverse
   * frequency: a / (a + p(word)) with Zipf's p(rank) ≈ 1 / (rank · ln N)). Common words ("get", "new")
   * say little about a tool; rare ones ("invoice", "playlist") say a lot.
   */
  weightOf(row: number, a: number): number {
    const p = 1 / ((row + 1) * ZIPF_NORM);
    return a / (a + p);
  }
}

/** FNV-1a over the UTF-16 code units of text[start, end). */
function hashOf(text: string, start: number, end: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** ln of the English vocabulary size (~400k words) plus Euler's constant: the harmonic number of Zipf's law. */
const ZIPF_NORM = Math.log(400_000) + 0.5772;

let shared: WordVectors | undefined;
/** The repository's table, loaded once per process on first use. */
export function defaultWordVectors(): WordVectors {
  shared ??= WordVectors.load();
  return shared;
}
