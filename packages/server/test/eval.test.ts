import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { completenessAt, ndcgAt, percentile, recallAt } from '../src/search/eval/metrics.js';
import { TOOLROUTER_BIN } from './helpers/processes.js';

/**
 * `toolrouter eval` as users run it, on a small dataset written here: three tools, three test
 * queries and one train query. Lexical search alone finds two of the three test answers; the
 * third ("automobile hire") shares no word with its tool, so only the train split replayed as
 * usage, or a dense embedder, can find it. The embedder is a real HTTP server on loopback that
 * speaks the OpenAI /v1/embeddings format with a toy "model" (words → a few concepts).
 */
let root: string;
let dataset: string;
let server: Server;
let embeddingsUrl: string;
let failing = false;

const TOOLS = [
  { slug: 'WEATHER_GET_FORECAST', toolkit: 'weather', toolkit_name: 'Weather', name: 'Get forecast', description: 'Weather forecast for a city.' },
  { slug: 'BILLING_CREATE_INVOICE', toolkit: 'billing', toolkit_name: 'Billing', name: 'Create invoice', description: 'Create an invoice for a customer.' },
  { slug: 'RENTALS_BOOK_CAR', toolkit: 'rentals', toolkit_name: 'Rentals', name: 'Book a car', description: 'Reserve a car for a date range.' },
].map((t) => ({ ...t, input_schema: { type: 'object', properties: {} } }));

const QUERIES = [
  { id: 't1', text: 'weather forecast for Paris', split: 'test', gold: 'WEATHER_GET_FORECAST' },
  { id: 't2', text: 'create an invoice', split: 'test', gold: 'BILLING_CREATE_INVOICE' },
  { id: 't3', text: 'automobile hire', split: 'test', gold: 'RENTALS_BOOK_CAR' },
  { id: 'r1', text: 'automobile hire next week', split: 'train', gold: 'RENTALS_BOOK_CAR' },
];

const CONCEPTS: Record<string, number> = { automobile: 0, car: 0, rentals: 0, invoice: 1, billing: 1, weather: 2, forecast: 2 };
const conceptVector = (text: string) => {
  const v = [0, 0, 0, 0.01];
  for (const word of text.toLowerCase().split(/\W+/)) if (word in CONCEPTS) v[CONCEPTS[word]!]! += 1;
  return v;
};

const readJson = (req: IncomingMessage) =>
  new Promise<{ model: string; input: string[] }>((resolve) => {
    let data = '';
    req.on('data', (c) => (data += c));
    req.on('end', () => resolve(JSON.parse(data)));
  });

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'toolrouter-eval-test-'));
  dataset = path.join(root, 'tiny');
  await mkdir(dataset);
  await writeFile(path.join(dataset, 'tools.jsonl'), `${TOOLS.map((t) => JSON.stringify(t)).join('\n')}\n`);
  await writeFile(path.join(dataset, 'queries.jsonl'), `${QUERIES.map(({ gold: _, ...q }) => JSON.stringify(q)).join('\n')}\n`);
  await writeFile(path.join(dataset, 'qrels.tsv'), `${['query_id\ttool_slug\trelevance', ...QUERIES.map((q) => `${q.id}\t${q.gold}\t1`)].join('\n')}\n`);

  server = createServer(async (req, res) => {
    const body = await readJson(req);
    if (failing) {
      res.statusCode = 503;
      res.end('{}');
      return;
    }
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ object: 'list', model: body.model, data: body.input.map((text, index) => ({ index, embedding: conceptVector(text) })) }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  embeddingsUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((r) => server.close(r));
  await rm(root, { recursive: true, force: true });
});

/** Runs the CLI without blocking this process, which serves the embeddings. */
function evalCli(args: string[], env: Record<string, string> = {}) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      [TOOLROUTER_BIN, 'eval', ...args],
      { env: { ...process.env, LOG_LEVEL: 'warn', TOOLROUTER_SEARCH_WORD_VECTORS: 'off', ...env }, timeout: 60_000 },
      (error, stdout, stderr) => resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

type Line = Record<string, unknown> & { 'ndcg@10': number; search: string };
const parseAll = (stdout: string) =>
  stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Line);
const parse = (stdout: string) => {
  const lines = parseAll(stdout);
  expect(lines).toHaveLength(1);
  return lines[0]!;
};

describe('retrieval metrics', () => {
  const gold = new Map([
    ['a', 1],
    ['b', 1],
  ]);
  it('computes nDCG, recall and completeness as ToolRet does', () => {
    // Gold at ranks 2 and 3: (1/log2 3 + 1/log2 4) / (1 + 1/log2 3).
    expect(ndcgAt(10, ['x', 'a', 'b'], gold)).toBeCloseTo((1 / Math.log2(3) + 0.5) / (1 + 1 / Math.log2(3)), 10);
    expect(ndcgAt(1, ['x', 'a', 'b'], gold)).toBe(0);
    expect(recallAt(2, ['x', 'a', 'b'], gold)).toBe(0.5);
    expect(completenessAt(2, ['x', 'a', 'b'], gold)).toBe(0);
    expect(completenessAt(3, ['x', 'a', 'b'], gold)).toBe(1);
    expect(percentile([5, 1, 4, 2, 3], 50)).toBe(3);
    expect(percentile([5, 1, 4, 2, 3], 99)).toBe(5);
  });
});

describe('toolrouter eval', () => {
  it('prints one JSON object per dataset with the documented fields, in percent', async () => {
    const { code, stdout, stderr } = await evalCli([dataset, '--json']);
    expect(code, stderr).toBe(0);
    const report = parse(stdout);
    expect(Object.keys(report).sort()).toEqual(['completeness@10', 'dataset', 'latency_ms', 'ndcg@10', 'queries', 'recall@10', 'recall@5', 'search'].sort());
    expect(report).toMatchObject({ dataset: 'tiny', search: 'lexical', queries: 3, 'recall@10': 66.67, 'completeness@10': 66.67 });
    // Two of three answers first, the third not found at all: test labels never reach the index.
    expect(report['ndcg@10']).toBe(66.67);
    expect(stderr).toContain('search: lexical');
  });

  it('replays only the train split as usage with --learn-from train', async () => {
    const { code, stdout, stderr } = await evalCli([dataset, '--json', '--learn-from', 'train']);
    expect(code, stderr).toBe(0);
    expect(parse(stdout)['ndcg@10']).toBe(100);
  });

  it('measures dense retrieval when the environment configures an embeddings server, lexical and fused side by side', async () => {
    const env = { TOOLROUTER_EMBEDDINGS_URL: embeddingsUrl, TOOLROUTER_EMBEDDINGS_MODEL: 'concepts-1' };
    const { code, stdout, stderr } = await evalCli([dataset, '--json'], env);
    expect(code, stderr).toBe(0);
    expect(stderr).toContain(`search: lexical + dense (concepts-1 at ${embeddingsUrl})`);
    expect(stderr).toMatch(/tiny: tools embedded in/);
    const [lexical, fused] = parseAll(stdout);
    expect(lexical).toMatchObject({ search: 'lexical', 'ndcg@10': 66.67 });
    expect(fused).toMatchObject({ search: 'fused (dense weight 0.30)', 'ndcg@10': 100 });

    // One row per weight asked for, measured on the same index, after the lexical row.
    const swept = await evalCli([dataset, '--json', '--dense-weights', '0.1,1'], env);
    expect(swept.code, swept.stderr).toBe(0);
    expect(parseAll(swept.stdout).map((r) => r.search)).toEqual(['lexical', 'fused (dense weight 0.10)', 'fused (dense weight 1.00)']);
    const table = await evalCli([dataset], { ...env, TOOLROUTER_EMBEDDINGS_WEIGHT: '0.5' });
    expect(table.stdout).toMatch(/tiny\s+lexical\s+3/);
    expect(table.stdout).toMatch(/tiny\s+fused \(dense weight 0\.50\)\s+3/);
  });

  it('refuses --dense-weights without an embedder, and weights outside 0 … 1', async () => {
    const none = await evalCli([dataset, '--dense-weights', '0.2']);
    expect(none.code).not.toBe(0);
    expect(none.stderr).toContain('--dense-weights needs an embedder');
    const bad = await evalCli([dataset, '--dense-weights', '0.2,3'], { TOOLROUTER_EMBEDDINGS_URL: embeddingsUrl, TOOLROUTER_EMBEDDINGS_MODEL: 'concepts-1' });
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('between 0 and 1');
  });

  it('reports no figures when embedding fails, rather than lexical figures under a dense label', async () => {
    failing = true;
    try {
      const { code, stdout, stderr } = await evalCli([dataset, '--json'], {
        TOOLROUTER_EMBEDDINGS_URL: embeddingsUrl,
        TOOLROUTER_EMBEDDINGS_MODEL: 'concepts-1',
      });
      expect(code).not.toBe(0);
      expect(stdout).toBe('');
      expect(stderr).toContain('embedding failed, so no figures are reported for dense search');
    } finally {
      failing = false;
    }
  });

  it('says what is wrong with a folder that is no dataset and with a bad line', async () => {
    const empty = await evalCli([`${root}/nothing-here`]);
    expect(empty.code).not.toBe(0);
    expect(empty.stderr).toMatch(/no such file|holds no dataset/i);

    const broken = path.join(root, 'broken');
    await mkdir(broken, { recursive: true });
    await writeFile(path.join(broken, 'tools.jsonl'), `${JSON.stringify(TOOLS[0])}\n`);
    await writeFile(path.join(broken, 'queries.jsonl'), '{"id":"q1","text":"x","split":"dev"}\n');
    await writeFile(path.join(broken, 'qrels.tsv'), 'query_id\ttool_slug\trelevance\n');
    const bad = await evalCli([broken]);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('broken/queries.jsonl:1');
  });
});
