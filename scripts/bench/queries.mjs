// The query mix. Latency depends on the queries (length, how common their terms are, multi-intent clauses),
// so the mix should look like what agents send. Preferred: the query texts of public tool-retrieval benchmarks
// (a folder of `<dataset>/queries.jsonl`, read at run time and never copied into the repository). Fallback:
// task-like phrases generated from the catalog's own tool names and descriptions.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fnv1a, hashOrder } from './util.mjs';

export const DEFAULT_QUERIES_DIR = '/work/shared/bench/retrieval';
/** The search endpoint accepts use cases of at most 1,024 characters; keep both benchmarks on the same texts. */
const MAX_QUERY_CHARS = 1024;

function readJsonl(file) {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line));
}

/** Up to `count` texts, spread evenly over the datasets so no single benchmark's style dominates. */
function benchmarkQueries(dir, count) {
  const datasets = readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(dir, e.name, 'queries.jsonl')))
    .map((e) => e.name)
    .sort();
  if (datasets.length === 0) return undefined;
  const perDataset = datasets.map((name) => hashOrder(readJsonl(join(dir, name, 'queries.jsonl')), (q) => `${name}:${q.id}`));
  // Round-robin over the datasets: small ones run out and the others fill the remaining slots.
  const texts = [];
  for (let i = 0; texts.length < count && perDataset.some((qs) => i < qs.length); i++) {
    for (const qs of perDataset) if (i < qs.length && texts.length < count) texts.push(qs[i].text);
  }
  return { texts, source: `${datasets.length} public retrieval benchmarks in ${dir} (${datasets.join(', ')})` };
}

const lower = (s) => s.charAt(0).toLowerCase() + s.slice(1);
const firstSentence = (s) => (s.split(/(?<=[.!?])\s/)[0] ?? '').slice(0, 200);

/** Task-like phrases from tool names/descriptions, with some two-step (multi-intent) requests mixed in. */
function generatedQueries(toolkits, count) {
  const tools = hashOrder(
    toolkits.flatMap((tk) => tk.tools.map((t) => ({ ...t, toolkitName: tk.toolkit.name }))),
    (t) => t.slug,
    'queries',
  );
  const texts = [];
  for (let i = 0; texts.length < count && i < tools.length; i++) {
    const t = tools[i];
    const other = tools[(i + 7919) % tools.length];
    switch (fnv1a(t.slug) % 4) {
      case 0:
        texts.push(`${lower(t.name)} in ${t.toolkitName}`);
        break;
      case 1:
        texts.push(`I need to ${lower(t.name)}`);
        break;
      case 2:
        texts.push(firstSentence(t.description) || t.name);
        break;
      default:
        texts.push(`${lower(t.name)} and then ${lower(other.name)}`);
    }
  }
  return { texts, source: 'phrases generated from tool names and descriptions' };
}

export function loadQueries({ dir, count, toolkits }) {
  const found = dir && existsSync(dir) ? benchmarkQueries(dir, count) : undefined;
  const { texts, source } = found ?? generatedQueries(toolkits, count);
  return { texts: texts.map((t) => t.trim().slice(0, MAX_QUERY_CHARS)).filter(Boolean), source };
}
