import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Where `npm run catalog:vectors` writes the table (see scripts/build-word-vectors.mjs for how it is made). */
export const DEFAULT_WORD_VECTORS_FILE = fileURLToPath(new URL('../../../catalog/word-vectors.bin', import.meta.url));

const MAGIC = 'TRWV';
const VERSION = 1;
const HEADER_BYTES = 20;

/**
 * Static word vectors keyed by the engine's own terms (stemmed, stop words dropped): one int8 unit vector
 * per term with a float scale, rows in corpus-frequency order (row 0 is the most frequent word). The
 * table is read-only and shared by every index of the process.
 */
export class WordVectors {
  private readonly rowOf = new Map<string, number>();

  private constructor(
    readonly dims: number,
    readonly scales: Float32Array,
    readonly data: Int8Array,
    words: readonly string[],
  ) {
    words.forEach((w, r) => this.rowOf.set(w, r));
  }

  get rows(): number {
    return this.scales.length;
  }

  /** Parses the file format written by scripts/build-word-vectors.mjs; throws on anything else. */
  static fromBuffer(buf: Buffer): WordVectors {
    if (buf.length < HEADER_BYTES || buf.toString('latin1', 0, 4) !== MAGIC || buf.readUInt32LE(4) !== VERSION) {
      throw new Error('not a word-vector table (expected "TRWV" version 1; rebuild it with npm run catalog:vectors)');
    }
    const rows = buf.readUInt32LE(8);
    const dims = buf.readUInt32LE(12);
    const wordBytes = buf.readUInt32LE(16);
    const scalesAt = HEADER_BYTES + wordBytes + ((4 - (wordBytes % 4)) % 4);
    const dataAt = scalesAt + 4 * rows;
    if (buf.length !== dataAt + rows * dims) throw new Error('word-vector table is truncated or has a bad header');
    const words = buf.toString('utf8', HEADER_BYTES, HEADER_BYTES + wordBytes).split('\n');
    if (words.length !== rows) throw new Error('word-vector table: word count does not match its header');
    // Copies, so the tables do not pin the file buffer's pool slab and are aligned for typed-array access.
    const scales = new Float32Array(rows);
    for (let r = 0; r < rows; r++) scales[r] = buf.readFloatLE(scalesAt + 4 * r);
    const data = new Int8Array(rows * dims);
    data.set(new Int8Array(buf.buffer, buf.byteOffset + dataAt, rows * dims));
    return new WordVectors(dims, scales, data, words);
  }

  static load(file: string = DEFAULT_WORD_VECTORS_FILE): WordVectors {
    return WordVectors.fromBuffer(readFileSync(file));
  }

  /** The term's row, or −1 when the table does not know it. */
  row(term: string): number {
    return this.rowOf.get(term) ?? -1;
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

/** ln of the English vocabulary size (~400k words) plus Euler's constant: the harmonic number of Zipf's law. */
const ZIPF_NORM = Math.log(400_000) + 0.5772;

let shared: WordVectors | undefined;
/** The repository's table, loaded once per process on first use. */
export function defaultWordVectors(): WordVectors {
  shared ??= WordVectors.load();
  return shared;
}
