import { readFile } from 'node:fs/promises';
import { ToolRouterError } from '@toolrouter/core';
import type { Embedder } from './embedder.js';
import { normalise } from './openai-embedder.js';
import { encode, parseVocab, type WordPieceVocab } from './wordpiece.js';

export interface OnnxEmbedderOptions {
  /** A sentence-embedding model exported to ONNX (e.g. all-MiniLM-L6-v2's `model.onnx`). */
  modelPath: string;
  /** Its WordPiece vocabulary (`vocab.txt`). */
  vocabPath: string;
  /** Longest input in tokens, [CLS] and [SEP] included (BERT-family models: 512; 256 is plenty for tools). */
  maxTokens?: number;
  /** Texts per inference call. */
  batchSize?: number;
  queryPrefix?: string;
  documentPrefix?: string;
}

/** The slice of the ONNX Runtime API this file uses; onnxruntime-node and onnxruntime-web share it. */
interface OrtTensor {
  data: unknown;
  dims: readonly number[];
}
interface OrtSession {
  inputNames: readonly string[];
  outputNames: readonly string[];
  run(feeds: Record<string, OrtTensor>): Promise<Record<string, OrtTensor>>;
}
interface OrtModule {
  InferenceSession: { create(model: Uint8Array, options?: Record<string, unknown>): Promise<OrtSession> };
  Tensor: new (type: 'int64', data: BigInt64Array, dims: number[]) => OrtTensor;
}

/** Which ONNX Runtime build runs the model. */
export type OnnxRuntimeName = 'onnxruntime-node' | 'onnxruntime-web';

/**
 * The native runtime when the operator installed it (several times faster), else the WebAssembly build,
 * which is a regular dependency: it ships whole in its npm package with no install step, so ONNX
 * embeddings work on every fresh install. (onnxruntime-node's install step downloads from outside the npm
 * registry and npm silently drops the package when that fails, so it cannot be a dependency here.)
 */
async function loadRuntime(): Promise<{ ort: OrtModule; runtime: OnnxRuntimeName }> {
  const attempts: unknown[] = [];
  for (const runtime of ['onnxruntime-node', 'onnxruntime-web'] as const) {
    try {
      // A variable specifier keeps the optional native package out of type-checking.
      const specifier: string = runtime;
      const mod = (await import(specifier)) as OrtModule & { default?: OrtModule };
      return { ort: mod.InferenceSession ? mod : mod.default!, runtime };
    } catch (error) {
      attempts.push(error);
    }
  }
  throw new ToolRouterError('INTERNAL', 'No ONNX runtime could be loaded (neither onnxruntime-node nor onnxruntime-web)', {
    suggestedFix: "Reinstall the server's dependencies (`npm install`), or unset TOOLROUTER_EMBEDDINGS_ONNX_MODEL.",
    cause: attempts.at(-1),
  });
}

/**
 * Embeds texts in-process with a local ONNX model file: WordPiece-tokenise, run the model, mean-pool the
 * token vectors over the attention mask (or take the model's own pooled output when it has one), unit
 * length. No network, no model hub: the operator points it at files on disk.
 */
export function onnxEmbedder(options: OnnxEmbedderOptions): Embedder & { runtime(): Promise<OnnxRuntimeName> } {
  const maxTokens = options.maxTokens ?? 256;
  const batchSize = options.batchSize ?? 16;
  // Loaded on first use, so the server starts at once; a broken file then surfaces as an embedding error
  // (search answers lexically and logs it) and is retried on the next call.
  let loading: Promise<Loaded> | undefined;
  const load = () => {
    loading ??= loadModel(options).catch((error: unknown) => {
      loading = undefined;
      throw error;
    });
    return loading;
  };

  return {
    id: `onnx:${options.modelPath}`,
    /** Which runtime runs the model (loads it on first call). */
    async runtime() {
      return (await load()).runtime;
    },
    async embed(texts, kind) {
      const model = await load();
      const prefix = (kind === 'query' ? options.queryPrefix : options.documentPrefix) ?? '';
      const out: Float32Array[] = [];
      for (let i = 0; i < texts.length; i += batchSize) {
        out.push(
          ...(await embedBatch(
            model,
            texts.slice(i, i + batchSize).map((t) => prefix + t),
            maxTokens,
          )),
        );
      }
      return out;
    },
  };
}

interface Loaded {
  ort: OrtModule;
  runtime: OnnxRuntimeName;
  session: OrtSession;
  vocab: WordPieceVocab;
  /** A pooled sentence output, when the export has one. */
  pooled: string | undefined;
  tokenOutput: string;
}

async function loadModel(options: OnnxEmbedderOptions): Promise<Loaded> {
  const { ort, runtime } = await loadRuntime();
  const vocab = parseVocab(await readFile(options.vocabPath, 'utf8'));
  // The model's bytes, not its path: the WebAssembly build cannot open files itself.
  const model = new Uint8Array(await readFile(options.modelPath));
  const session = await ort.InferenceSession.create(model, { intraOpNumThreads: 1, graphOptimizationLevel: 'all' });
  const pooled = session.outputNames.find((n) => n === 'sentence_embedding' || n === 'pooler_output');
  const tokenOutput = session.outputNames.find((n) => n === 'last_hidden_state' || n === 'token_embeddings') ?? session.outputNames[0]!;
  return { ort, runtime, session, vocab, pooled, tokenOutput };
}

async function embedBatch({ ort, session, vocab, pooled, tokenOutput }: Loaded, texts: readonly string[], maxTokens: number): Promise<Float32Array[]> {
  {
    const encoded = texts.map((t) => encode(t, vocab, maxTokens));
    const len = Math.max(...encoded.map((e) => e.length));
    const ids = new BigInt64Array(texts.length * len).fill(BigInt(vocab.pad));
    const mask = new BigInt64Array(texts.length * len);
    encoded.forEach((e, row) =>
      e.forEach((id, col) => {
        ids[row * len + col] = BigInt(id);
        mask[row * len + col] = 1n;
      }),
    );
    const dims = [texts.length, len];
    const available: Record<string, OrtTensor> = {
      input_ids: new ort.Tensor('int64', ids, dims),
      attention_mask: new ort.Tensor('int64', mask, dims),
      token_type_ids: new ort.Tensor('int64', new BigInt64Array(texts.length * len), dims),
    };
    const feeds: Record<string, OrtTensor> = {};
    for (const name of session.inputNames) {
      const tensor = available[name];
      if (!tensor) throw new ToolRouterError('INTERNAL', `The ONNX model expects an input "${name}" this embedder does not know`);
      feeds[name] = tensor;
    }
    const out = await session.run(feeds);
    if (pooled) {
      const t = out[pooled]!;
      const dim = t.dims[1]!;
      const data = t.data as Float32Array;
      return texts.map((_, row) => normalise(Float32Array.from(data.subarray(row * dim, (row + 1) * dim))));
    }
    const t = out[tokenOutput]!;
    if (t.dims.length !== 3) throw new ToolRouterError('INTERNAL', `The ONNX model's output "${tokenOutput}" is not [batch, tokens, dims]`);
    const dim = t.dims[2]!;
    const data = t.data as Float32Array;
    return encoded.map((e, row) => {
      const v = new Float32Array(dim);
      for (let col = 0; col < e.length; col++) {
        const base = (row * len + col) * dim;
        for (let k = 0; k < dim; k++) v[k]! += data[base + k]!;
      }
      for (let k = 0; k < dim; k++) v[k]! /= e.length;
      return normalise(v);
    });
  }
}
