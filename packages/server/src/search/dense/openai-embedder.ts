import { ToolRouterError } from '@toolrouter/core';
import { z } from 'zod';
import type { GuardedFetch } from '../../net/index.js';
import type { Embedder } from './embedder.js';

export interface OpenAiEmbedderOptions {
  /** Base URL up to and excluding `/v1/embeddings`, e.g. `http://localhost:11434` for Ollama. */
  baseUrl: string;
  model: string;
  apiKey?: string | undefined;
  /** Texts per request; providers cap batch sizes. */
  batchSize?: number;
  /** Prefixes some models expect (e.g. E5's "query: " / "passage: "). */
  queryPrefix?: string;
  documentPrefix?: string;
  timeoutMs?: number;
}

const ResponseSchema = z.object({
  data: z.array(z.object({ index: z.number().int().nonnegative(), embedding: z.array(z.number()) })),
});

/** Talks to any server that implements OpenAI's embeddings endpoint, through the egress guard. */
export function openAiEmbedder(http: GuardedFetch, options: OpenAiEmbedderOptions): Embedder {
  const url = `${options.baseUrl.replace(/\/+$/, '')}/v1/embeddings`;
  const batchSize = options.batchSize ?? 64;
  return {
    id: `openai-compatible:${options.baseUrl}:${options.model}`,
    async embed(texts, kind) {
      const prefix = (kind === 'query' ? options.queryPrefix : options.documentPrefix) ?? '';
      const out: Float32Array[] = [];
      for (let i = 0; i < texts.length; i += batchSize) {
        const batch = texts.slice(i, i + batchSize).map((t) => prefix + t);
        const response = await http(url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}),
          },
          body: JSON.stringify({ model: options.model, input: batch }),
          timeoutMs: options.timeoutMs ?? 30_000,
        });
        if (response.status !== 200) {
          throw new ToolRouterError('INTERNAL', `The embedding server answered HTTP ${response.status}`, {
            suggestedFix: 'Check TOOLROUTER_EMBEDDINGS_URL / _MODEL / _API_KEY, or unset them to use lexical search only.',
          });
        }
        const parsed = ResponseSchema.safeParse(response.json());
        if (!parsed.success || parsed.data.data.length !== batch.length) {
          throw new ToolRouterError('INTERNAL', 'The embedding server answered in an unexpected shape');
        }
        const ordered = [...parsed.data.data].sort((a, b) => a.index - b.index);
        for (const item of ordered) out.push(normalise(Float32Array.from(item.embedding)));
      }
      return out;
    },
  };
}

/** Unit length, so a dot product is the cosine similarity. */
export function normalise(v: Float32Array): Float32Array {
  let norm = 0;
  for (const x of v) norm += x * x;
  norm = Math.sqrt(norm) || 1;
  for (let i = 0; i < v.length; i++) v[i]! /= norm;
  return v;
}
