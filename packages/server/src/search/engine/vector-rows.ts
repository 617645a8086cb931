import { COSINE_KERNEL_WASM } from './cosine-kernel-wasm.js';

/** The compiled kernel, or undefined where this runtime cannot run it (no WebAssembly SIMD). */
const KERNEL: WebAssembly.Module | undefined = (() => {
  const bytes = Buffer.from(COSINE_KERNEL_WASM, 'base64');
  try {
    return WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : undefined;
  } catch {
    return undefined;
  }
})();

const PAGE = 65_536;

interface Kernel {
  cosines(docs: number, n: number, q: number, dims: number, vecs: number, inv: number, out: number): void;
}

/**
 * The documents' meaning vectors (int8 rows of `dims`, see DocVectors) with their inverse norms, and the
 * cosine of many rows with one query at once. The rows live in WebAssembly memory, where a SIMD kernel
 * (cosine-kernel.wat) computes those cosines four to five times faster than the JavaScript loop, to the
 * same bits; a whole-catalog request compares about a thousand tools with the request. Without the
 * kernel (no WebAssembly SIMD, or `dims` not a multiple of 8) the rows are plain arrays and the
 * JavaScript loop answers.
 *
 * Layout of the memory: the query (dims f64), the docs asked (i32) and their cosines (f64) for up to
 * `listCap` docs, the inverse norms (f32) and the rows, for `docCap` docs. Growing either moves the
 * whole table to a larger memory (rare: the doc capacity doubles).
 */
export class VectorRows {
  /** doc → int8 vector (dims each). */
  vecs: Int8Array;
  /** doc → 1 / |int8 vector|; 0 when the doc has no vector. */
  invNorm: Float32Array;
  private docCap = 0;
  private listCap = 0;
  /** The kernel's instance (it holds the memory the views below are on); undefined on the plain arrays. */
  private kernel: Kernel | undefined;
  private at = { q: 0, docs: 0, out: 0, inv: 0, vecs: 0 };
  /** Views of the query, docs and cosines regions (kernel only). */
  private qView = new Float64Array(0);
  private docsView = new Int32Array(0);
  private outView = new Float64Array(0);
  /** The cosines of the JavaScript fallback. */
  private plainOut = new Float64Array(0);

  /** @param useKernel false keeps the plain arrays and the JavaScript loop (tests compare the two). */
  constructor(
    readonly dims: number,
    private readonly useKernel = true,
  ) {
    this.vecs = new Int8Array(0);
    this.invNorm = new Float32Array(0);
  }

  /** Whether the WebAssembly kernel computes `cosines`. */
  get accelerated(): boolean {
    return this.kernelUsable();
  }

  /** Makes room for docs 0 … n−1, keeping every row and norm. */
  ensureDocs(n: number): void {
    if (this.docCap >= n) return;
    this.layout(Math.max(n, this.docCap * 2, 256), this.listCap);
  }

  /**
   * The cosine of each of `docs[0..n)` with the unit query `q` (0 for a doc without vector), in a buffer
   * reused by the next call. Equal, bit for bit, to `cosine(d, q)` of DocVectors.
   */
  cosines(docs: Int32Array, n: number, q: Float32Array): Float64Array {
    if (this.kernel === undefined) return this.plainCosines(docs, n, q);
    if (n > this.listCap) this.layout(this.docCap, Math.max(n, this.listCap * 2, 1024));
    this.qView.set(q);
    this.docsView.set(docs.subarray(0, n));
    const at = this.at;
    this.kernel.cosines(at.docs, n, at.q, this.dims, at.vecs, at.inv, at.out);
    return this.outView;
  }

  /** Cosine of row `d` with the unit query `q`: four running sums (the loop the kernel repeats). */
  cosine(d: number, q: Float32Array): number {
    const inv = this.invNorm[d]!;
    if (inv === 0) return 0;
    const v = this.vecs;
    const base = d * this.dims;
    const n = q.length;
    // Four running sums: independent sums pipeline better.
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let i = 0;
    for (; i + 3 < n; i += 4) {
      s0 += q[i]! * v[base + i]!;
      s1 += q[i + 1]! * v[base + i + 1]!;
      s2 += q[i + 2]! * v[base + i + 2]!;
      s3 += q[i + 3]! * v[base + i + 3]!;
    }
    for (; i < n; i++) s0 += q[i]! * v[base + i]!;
    return (s0 + s1 + s2 + s3) * inv;
  }

  private plainCosines(docs: Int32Array, n: number, q: Float32Array): Float64Array {
    if (this.plainOut.length < n) this.plainOut = new Float64Array(Math.max(n, this.plainOut.length * 2, 1024));
    const out = this.plainOut;
    for (let k = 0; k < n; k++) out[k] = this.cosine(docs[k]!, q);
    return out;
  }

  private kernelUsable(): boolean {
    return this.useKernel && KERNEL !== undefined && this.dims > 0 && this.dims % 8 === 0;
  }

  private layout(docCap: number, listCap: number): void {
    const dims = this.dims;
    if (!this.kernelUsable()) {
      const vecs = new Int8Array(docCap * dims);
      vecs.set(this.vecs);
      const inv = new Float32Array(docCap);
      inv.set(this.invNorm);
      this.vecs = vecs;
      this.invNorm = inv;
      this.docCap = docCap;
      return;
    }
    const align = (x: number) => Math.ceil(x / 16) * 16;
    const q = 0;
    const docs = align(q + 8 * dims);
    const out = align(docs + 4 * listCap);
    const inv = align(out + 8 * listCap);
    const vecs = align(inv + 4 * docCap);
    const end = vecs + docCap * dims;
    const memory = new WebAssembly.Memory({ initial: Math.ceil(end / PAGE) });
    const instance = new WebAssembly.Instance(KERNEL!, { env: { memory } });
    const buffer = memory.buffer;
    const nextVecs = new Int8Array(buffer, vecs, docCap * dims);
    nextVecs.set(this.vecs);
    const nextInv = new Float32Array(buffer, inv, docCap);
    nextInv.set(this.invNorm);
    this.kernel = instance.exports as unknown as Kernel;
    this.at = { q, docs, out, inv, vecs };
    this.vecs = nextVecs;
    this.invNorm = nextInv;
    this.qView = new Float64Array(buffer, q, dims);
    this.docsView = new Int32Array(buffer, docs, listCap);
    this.outView = new Float64Array(buffer, out, listCap);
    this.docCap = docCap;
    this.listCap = listCap;
  }
}
