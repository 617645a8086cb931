import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { jsonlToolSource } from '../../catalog/sources/jsonl/jsonl-source.js';
import { type WiringOptions, wireServices } from '../../runtime.js';
import { openSqliteStore } from '../../store/sqlite.js';
import { DEFAULT_DENSE_WEIGHT } from '../dense/fuse.js';
import { searchSession } from '../session-search.js';
import { readDataset } from './dataset.js';
import { completenessAt, ndcgAt, percentile, recallAt } from './metrics.js';

export interface EvalOptions {
  /** Replay the train split as usage (query → executed gold tool) before evaluating. */
  learnFrom?: 'train';
  /** Evaluate at most this many test queries (for quick runs). */
  maxQueries?: number;
  progress?: (line: string) => void;
  /**
   * The search settings to measure, as the server reads them (TOOLROUTER_SEARCH_WORD_VECTORS,
   * TOOLROUTER_EMBEDDINGS_*): by default the engine's defaults, lexical with word vectors.
   */
  search?: Pick<WiringOptions, 'searchWordVectors' | 'embeddings' | 'onnxEmbeddings' | 'denseWeight'>;
  /**
   * With an embedder: the dense weights to measure, each against the same index; default the
   * configured one. Lexical search (weight 0) is always measured beside them.
   */
  denseWeights?: readonly number[];
}

export interface EvalReport {
  dataset: string;
  /** Which ranking was measured: `lexical`, or `fused` with its dense weight. */
  search: string;
  queries: number;
  tools: number;
  learned: boolean;
  'ndcg@10': number;
  'recall@5': number;
  'recall@10': number;
  'completeness@10': number;
  latency_ms: { p50: number; p99: number };
}

const K = 10;

/**
 * Evaluates search on one dataset the way production runs it: the tools go through a tool source
 * into a fresh SQLite store as a project's toolkits, a session is created, and every test query
 * runs through the same search function as `POST …/search` and COMPOSIO_SEARCH_TOOLS. Test
 * queries and labels never reach the index: only train pairs are ever recorded as usage.
 */
/**
 * Without an embedder one report (lexical); with one, the lexical ranking and each fused weight side by
 * side, measured on the same index, so an operator sees what their encoder adds or costs.
 */
export async function evaluateDataset(dir: string, options: EvalOptions = {}): Promise<EvalReport[]> {
  const progress = options.progress ?? (() => undefined);
  const dataset = await readDataset(dir);
  const tmp = await mkdtemp(path.join(tmpdir(), 'toolrouter-eval-'));
  const store = await openSqliteStore({ file: path.join(tmp, 'eval.db') });
  try {
    await store.migrate();
    // No built-in toolkits: the dataset's tools are the whole catalog of the evaluation project.
    // Search answers lexically when embedding fails; figures measured that way would be reported as
    // the hybrid's, so the first failure stops the evaluation instead.
    let embedError: unknown;
    const services = wireServices(store, [], {
      egressAllow: [],
      searchLearning: options.learnFrom !== undefined,
      ...options.search,
      onEmbedderError: (error) => (embedError ??= error),
    });
    const failIfEmbeddingFailed = () => {
      if (embedError === undefined) return;
      const why = embedError instanceof Error ? embedError.message : String(embedError);
      throw new Error(`${dataset.name}: embedding failed, so no figures are reported for dense search: ${why}`);
    };
    const { project } = await services.projects.createProject(`eval-${dataset.name}`);
    const bundles = await jsonlToolSource(dataset.toolsFile).load();
    for (const bundle of bundles) await store.toolkits.put(project.id, bundle.toolkit, bundle.tools);
    const toolCount = bundles.reduce((n, b) => n + b.tools.length, 0);
    progress(`${dataset.name}: ${toolCount} tools in ${bundles.length} toolkits loaded`);

    if (options.learnFrom === 'train') {
      const pairs = dataset.queries
        .filter((q) => q.split === 'train')
        .flatMap((q) => [...(dataset.qrels.get(q.id)?.keys() ?? [])].map((toolSlug) => ({ query: q.text, toolSlug })));
      await services.search.recordUsage(project.id, pairs);
      progress(`${dataset.name}: replayed ${pairs.length} train (query, tool) pairs as usage`);
    }

    if (options.search?.embeddings || options.search?.onnxEmbeddings) {
      const started = performance.now();
      progress(`${dataset.name}: embedding ${toolCount} tools`);
      await services.search.denseReady(project.id);
      failIfEmbeddingFailed();
      progress(`${dataset.name}: tools embedded in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    }

    const { row } = await services.sessions.create(project.id, { user_id: 'eval' });
    const view = await services.catalog.view(project.id);
    const tests = dataset.queries.filter((q) => q.split === 'test' && dataset.qrels.has(q.id)).slice(0, options.maxQueries);
    const dense = Boolean(options.search?.embeddings || options.search?.onnxEmbeddings);
    const weights = dense ? [0, ...(options.denseWeights ?? [options.search?.denseWeight ?? DEFAULT_DENSE_WEIGHT])] : [undefined];
    const reports: EvalReport[] = [];
    for (const denseWeight of weights) {
      const label = denseWeight === undefined || denseWeight === 0 ? 'lexical' : `fused (dense weight ${denseWeight.toFixed(2)})`;
      const sums = { ndcg: 0, r5: 0, r10: 0, c10: 0 };
      const latencies: number[] = [];
      for (const [i, query] of tests.entries()) {
        const out = await searchSession(
          { search: services.search, store, connections: services.connections, now: () => new Date() },
          {
            projectId: project.id,
            session: row,
            view,
            queries: [{ use_case: query.text }],
            workflow: { id: 'eval', generated: false },
            limit: K,
            ...(denseWeight !== undefined ? { denseWeight } : {}),
          },
        );
        const result = out.results[0]!;
        const ranked = [...result.primary_tool_slugs, ...result.related_tool_slugs];
        const gold = dataset.qrels.get(query.id)!;
        sums.ndcg += ndcgAt(K, ranked, gold);
        sums.r5 += recallAt(5, ranked, gold);
        sums.r10 += recallAt(10, ranked, gold);
        sums.c10 += completenessAt(10, ranked, gold);
        latencies.push(out.timings[0] ?? 0);
        if ((i + 1) % 1000 === 0) progress(`${dataset.name} (${label}): ${i + 1}/${tests.length} queries`);
      }
      failIfEmbeddingFailed();
      const pct = (x: number) => Math.round((x / Math.max(1, tests.length)) * 10_000) / 100;
      reports.push({
        dataset: dataset.name,
        search: label,
        queries: tests.length,
        tools: toolCount,
        learned: options.learnFrom !== undefined,
        'ndcg@10': pct(sums.ndcg),
        'recall@5': pct(sums.r5),
        'recall@10': pct(sums.r10),
        'completeness@10': pct(sums.c10),
        latency_ms: { p50: round3(percentile(latencies, 50)), p99: round3(percentile(latencies, 99)) },
      });
    }
    return reports;
  } finally {
    await store.close();
    await rm(tmp, { recursive: true, force: true });
  }
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;
