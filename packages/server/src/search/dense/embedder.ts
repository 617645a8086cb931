/**
 * The dense-retrieval seam: turns texts into vectors. Implementations: a local ONNX model file
 * (`onnx-embedder.ts`, ONNX Runtime native or WebAssembly) and an OpenAI-compatible
 * `/v1/embeddings` client (OpenAI, Ollama, TEI, vLLM, LiteLLM, ...). Dense retrieval is off unless
 * the operator configures an embedder; lexical search never depends on it.
 */
export interface Embedder {
  /** Identifies the model, so vectors of different models are never mixed. */
  readonly id: string;
  /** `query` and `document` let models that embed the two sides differently do so. */
  embed(texts: readonly string[], kind: 'query' | 'document'): Promise<Float32Array[]>;
}
