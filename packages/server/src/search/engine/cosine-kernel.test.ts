import { describe, expect, it } from 'vitest';
import { compileCosineKernel } from '../../../../../scripts/build-cosine-kernel.mjs';
import { COSINE_KERNEL_WASM } from './cosine-kernel-wasm.js';
import { VectorRows } from './vector-rows.js';

/** A small deterministic generator (xorshift32), so a failure can be replayed. */
function random(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

/** `docs` rows of `dims` with random int8 values (some rows all zero, some at the extremes), filled through `ensureDocs`. */
function filled(rows: VectorRows, docs: number, next: () => number): void {
  for (let d = 0; d < docs; d++) {
    rows.ensureDocs(d + 1); // grows as the index does, moving what was written
    const kind = d % 17;
    let norm = 0;
    for (let i = 0; i < rows.dims; i++) {
      const v = kind === 0 ? 0 : kind === 1 ? (i % 2 ? 127 : -128) : Math.round(next() * 255) - 128;
      rows.vecs[d * rows.dims + i] = v;
      norm += v * v;
    }
    rows.invNorm[d] = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  }
}

function unitQuery(dims: number, next: () => number): Float32Array {
  const q = new Float32Array(dims);
  let n = 0;
  for (let i = 0; i < dims; i++) {
    // Magnitudes 1 to 1e-12: the exact sums need more than a double holds, so their order shows in the last bits.
    q[i] = (next() - 0.5) * 10 ** -Math.floor(next() * 13);
    n += q[i]! * q[i]!;
  }
  for (let i = 0; i < dims; i++) q[i] = q[i]! / Math.sqrt(n);
  return q;
}

describe('the cosine kernel', () => {
  it('is the compiled form of cosine-kernel.wat (run npm run build:cosine-kernel after changing it)', async () => {
    expect((await compileCosineKernel()).toString('base64')).toBe(COSINE_KERNEL_WASM);
  });

  it('runs on this runtime, and gives the JavaScript loop’s cosines to the last bit', () => {
    const next = random(20261207);
    const dims = 64;
    const fast = new VectorRows(dims);
    const plain = new VectorRows(dims, false);
    expect(fast.accelerated).toBe(true);
    expect(plain.accelerated).toBe(false);
    filled(fast, 3_000, random(7));
    filled(plain, 3_000, random(7));
    for (let round = 0; round < 20; round++) {
      const q = unitQuery(dims, next);
      // Up to 2,500 docs asked at once (past the first list capacity), repeats and zero rows included.
      const n = 1 + Math.floor(next() * 2_500);
      const docs = Int32Array.from({ length: n }, () => Math.floor(next() * 3_000));
      const got = Array.from(fast.cosines(docs, n, q).subarray(0, n));
      const want = Array.from(docs, (d) => plain.cosine(d, q));
      expect(got.every((v, k) => Object.is(v, want[k]))).toBe(true);
      expect(Array.from(plain.cosines(docs, n, q).subarray(0, n))).toEqual(want);
    }
  });

  it('falls back to the JavaScript loop for rows it cannot take (dims not a multiple of 8)', () => {
    const rows = new VectorRows(12);
    expect(rows.accelerated).toBe(false);
    filled(rows, 40, random(3));
    const q = unitQuery(12, random(4));
    const docs = Int32Array.from({ length: 40 }, (_, i) => i);
    expect(Array.from(rows.cosines(docs, 40, q).subarray(0, 40))).toEqual(Array.from(docs, (d) => rows.cosine(d, q)));
  });
});
