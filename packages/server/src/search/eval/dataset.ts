import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ToolRouterError } from '@toolrouter/core';

/**
 * A retrieval dataset in the common format (see README, "Evaluating search"):
 * tools.jsonl, queries.jsonl (`{id, text, split}`), qrels.tsv (`query_id, tool_slug, relevance`).
 */
export interface EvalQuery {
  id: string;
  text: string;
  split: 'test' | 'train';
}

export interface Dataset {
  name: string;
  dir: string;
  toolsFile: string;
  queries: EvalQuery[];
  /** query id → tool slug → graded relevance (> 0 only). */
  qrels: Map<string, Map<string, number>>;
}

export function isDatasetDir(dir: string): boolean {
  return ['tools.jsonl', 'queries.jsonl', 'qrels.tsv'].every((f) => existsSync(path.join(dir, f)));
}

export async function readDataset(dir: string): Promise<Dataset> {
  const name = path.basename(path.resolve(dir));
  const queries: EvalQuery[] = [];
  const queryLines = (await readFile(path.join(dir, 'queries.jsonl'), 'utf8')).split('\n');
  queryLines.forEach((line, i) => {
    if (!line.trim()) return;
    let q: { id?: unknown; text?: unknown; split?: unknown };
    try {
      q = JSON.parse(line) as typeof q;
    } catch {
      throw new ToolRouterError('VALIDATION_FAILED', `${name}/queries.jsonl:${i + 1}: not JSON`);
    }
    if (typeof q.id !== 'string' || typeof q.text !== 'string' || (q.split !== 'test' && q.split !== 'train')) {
      throw new ToolRouterError('VALIDATION_FAILED', `${name}/queries.jsonl:${i + 1}: needs string "id", string "text" and "split" of "test" or "train"`);
    }
    queries.push({ id: q.id, text: q.text, split: q.split });
  });

  const qrels = new Map<string, Map<string, number>>();
  const qrelLines = (await readFile(path.join(dir, 'qrels.tsv'), 'utf8')).split('\n').slice(1);
  qrelLines.forEach((line, i) => {
    if (!line.trim()) return;
    const [queryId, slug, rel] = line.split('\t');
    const relevance = Number(rel);
    if (!queryId || !slug || !Number.isFinite(relevance)) {
      throw new ToolRouterError('VALIDATION_FAILED', `${name}/qrels.tsv:${i + 2}: expected query_id<TAB>tool_slug<TAB>relevance`);
    }
    if (relevance <= 0) return;
    let perQuery = qrels.get(queryId);
    if (!perQuery) qrels.set(queryId, (perQuery = new Map()));
    perQuery.set(slug, relevance);
  });
  return { name, dir, toolsFile: path.join(dir, 'tools.jsonl'), queries, qrels };
}
