import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import type { Config } from '../config/config.js';
import type { EvalReport } from '../search/eval/run-eval.js';

export function registerEvalCommand(program: Command): void {
  program
    .command('eval <dir>')
    .description(
      'Measure search quality on a retrieval dataset (tools.jsonl, queries.jsonl, qrels.tsv), or on every dataset folder inside <dir>. ' +
        'Search runs as the server would with the same environment: TOOLROUTER_SEARCH_WORD_VECTORS and TOOLROUTER_EMBEDDINGS_* apply.',
    )
    .option('--learn-from <split>', 'replay this split as usage before evaluating (only "train")')
    .option('--max-queries <n>', 'evaluate at most n test queries per dataset', (v) => Number.parseInt(v, 10))
    .option(
      '--dense-weights <list>',
      'with an embedder: comma-separated dense weights (0 … 1) to compare, e.g. 0.1,0.2,0.3; default TOOLROUTER_EMBEDDINGS_WEIGHT',
      parseWeights,
    )
    .option('--json', 'print one JSON object per dataset and ranking')
    .action(async (dir: string, opts: { learnFrom?: string; maxQueries?: number; denseWeights?: number[]; json?: boolean }) => {
      if (opts.learnFrom !== undefined && opts.learnFrom !== 'train') throw new Error('--learn-from only accepts "train"');
      // Imported here so that other commands do not load the search engine (see with-runtime.ts).
      const [{ loadConfig }, { isDatasetDir }, { evaluateDataset }] = await Promise.all([
        import('../config/config.js'),
        import('../search/eval/dataset.js'),
        import('../search/eval/run-eval.js'),
      ]);
      const dirs = isDatasetDir(dir) ? [dir] : await datasetDirs(dir);
      if (dirs.length === 0) throw new Error(`${dir} holds no dataset (a folder with tools.jsonl, queries.jsonl and qrels.tsv)`);
      const config = loadConfig();
      const search = {
        searchWordVectors: config.searchWordVectors,
        embeddings: config.embeddings,
        onnxEmbeddings: config.onnxEmbeddings,
        denseWeight: config.denseWeight,
      };
      if (opts.denseWeights && !config.embeddings && !config.onnxEmbeddings) {
        throw new Error('--dense-weights needs an embedder: set TOOLROUTER_EMBEDDINGS_URL and _MODEL, or TOOLROUTER_EMBEDDINGS_ONNX_MODEL');
      }
      console.error(`search: ${describeSearch(config)}`);
      const reports: EvalReport[] = [];
      for (const d of dirs) {
        const measured = await evaluateDataset(d, {
          search,
          ...(opts.learnFrom ? { learnFrom: 'train' as const } : {}),
          ...(opts.maxQueries ? { maxQueries: opts.maxQueries } : {}),
          ...(opts.denseWeights ? { denseWeights: opts.denseWeights } : {}),
          progress: (line) => console.error(line),
        });
        reports.push(...measured);
        if (opts.json) {
          for (const report of measured) {
            const { tools: _tools, learned: _learned, ...wire } = report;
            console.log(JSON.stringify(wire));
          }
        }
      }
      if (!opts.json) printTable(reports);
    });
}

/** What the evaluated search consists of, so a printed figure says what it measures. */
function describeSearch(config: Readonly<Config>): string {
  const parts = ['lexical'];
  if (config.searchWordVectors) parts.push('word vectors');
  if (config.embeddings) parts.push(`dense (${config.embeddings.model} at ${config.embeddings.url})`);
  if (config.onnxEmbeddings) parts.push(`dense (ONNX model ${config.onnxEmbeddings.modelPath})`);
  return parts.join(' + ');
}

async function datasetDirs(dir: string): Promise<string[]> {
  const { isDatasetDir } = await import('../search/eval/dataset.js');
  const entries = await readdir(dir, { withFileTypes: true });
  return entries
    .filter((e) => e.isDirectory())
    .map((e) => path.join(dir, e.name))
    .filter(isDatasetDir)
    .sort();
}

function parseWeights(list: string): number[] {
  const weights = list.split(',').map((w) => Number(w.trim()));
  if (weights.length === 0 || weights.some((w) => !Number.isFinite(w) || w < 0 || w > 1)) {
    throw new Error(`--dense-weights takes numbers between 0 and 1 separated by commas, e.g. 0.1,0.2,0.3 (got "${list}")`);
  }
  return weights;
}

function printTable(reports: EvalReport[]): void {
  const header = ['dataset', 'search', 'queries', 'tools', 'nDCG@10', 'R@5', 'R@10', 'C@10', 'p50 ms', 'p99 ms'];
  const rows = reports.map((r) => [
    r.dataset + (r.learned ? ' (learned)' : ''),
    r.search,
    String(r.queries),
    String(r.tools),
    r['ndcg@10'].toFixed(2),
    r['recall@5'].toFixed(2),
    r['recall@10'].toFixed(2),
    r['completeness@10'].toFixed(2),
    r.latency_ms.p50.toFixed(3),
    r.latency_ms.p99.toFixed(3),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  for (const row of [header, ...rows]) console.log(row.map((cell, i) => cell.padEnd(widths[i]!)).join('  '));
}
