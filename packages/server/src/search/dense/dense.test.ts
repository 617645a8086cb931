import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Tool, Toolkit } from '@toolrouter/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CatalogService } from '../../catalog/catalog-service.js';
import { createGuardedFetch } from '../../net/index.js';
import { openSqliteStore } from '../../store/sqlite.js';
import type { Store } from '../../store/store.js';
import { SearchService } from '../search-service.js';
import { openAiEmbedder } from './openai-embedder.js';

/**
 * Dense retrieval plumbing against a real HTTP embedding server on loopback that speaks the
 * OpenAI `/v1/embeddings` format. Its "model" maps words to a few concepts, so a query can be
 * close to a tool it shares no word with — exactly what the lexical engine cannot see.
 */
const CONCEPTS: Record<string, number> = { car: 0, automobile: 0, vehicle: 0, rent: 0, invoice: 1, payment: 1, bill: 1, forecast: 2, weather: 2, rain: 2 };

function conceptVector(text: string): number[] {
  const v = [0, 0, 0, 0.01];
  for (const word of text.toLowerCase().split(/\W+/)) if (word in CONCEPTS) v[CONCEPTS[word]!]! += 1;
  return v;
}

let server: Server;
let baseUrl: string;
const requests: Array<{ body: { model: string; input: string[] }; auth: string | undefined }> = [];
let failing = false;

const readJson = (req: IncomingMessage) =>
  new Promise<any>((resolve) => {
    let data = '';
    req.on('data', (c) => (data += c));
    req.on('end', () => resolve(JSON.parse(data)));
  });

let dir: string;
let store: Store;
let projectId: string;

const tool = (slug: string, toolkit: string, name: string, description: string): Tool => ({
  slug,
  name,
  description,
  toolkit,
  input_parameters: { type: 'object', properties: {} },
  output_parameters: {},
  tags: [],
  version: '1',
  no_auth: true,
  scopes: [],
  binding: { kind: 'none', reason: 'test' },
});
const toolkit = (slug: string): Toolkit => ({
  slug,
  name: slug,
  description: '',
  logo: null,
  categories: [],
  auth_schemes: [{ mode: 'NO_AUTH' }],
  base_url: null,
  version: '1',
});

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const body = await readJson(req);
    requests.push({ body, auth: req.headers.authorization });
    if (failing) {
      res.statusCode = 503;
      res.end('{}');
      return;
    }
    res.setHeader('content-type', 'application/json');
    // Answer out of order: the client must sort by `index`.
    const data = body.input.map((text: string, index: number) => ({ index, embedding: conceptVector(text) })).reverse();
    res.end(JSON.stringify({ object: 'list', data, model: body.model }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  dir = await mkdtemp(path.join(tmpdir(), 'toolrouter-dense-'));
  store = await openSqliteStore({ file: path.join(dir, 'db.sqlite') });
  await store.migrate();
  projectId = (await store.projects.create({ id: 'proj_dense', name: 'dense' })).id;
  await store.toolkits.put(projectId, toolkit('rentals'), [tool('RENTALS_BOOK', 'rentals', 'Book a rental', 'Reserve a car for a date range')]);
  await store.toolkits.put(projectId, toolkit('billing'), [tool('BILLING_CREATE', 'billing', 'Create document', 'Create an invoice for a customer')]);
  await store.toolkits.put(projectId, toolkit('sky'), [tool('SKY_OUTLOOK', 'sky', 'Outlook', 'Tomorrow rain forecast for a city')]);
});

afterAll(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
  await new Promise((r) => server.close(r));
});

function service(withEmbedder: boolean, errors: unknown[] = []) {
  const http = createGuardedFetch({ allow: ['127.0.0.1'] });
  return new SearchService(store, new CatalogService([], store), {
    learning: false,
    embedder: withEmbedder ? openAiEmbedder(http, { baseUrl, model: 'concepts-1', apiKey: 'sk-test' }) : undefined,
    onEmbedderError: (e) => errors.push(e),
  });
}

describe('dense retrieval through an OpenAI-compatible embeddings server', () => {
  it('finds a tool that shares no word with the query, which lexical search alone misses', async () => {
    const lexicalOnly = await service(false).rank(projectId, 'automobile', { limit: 3 });
    expect(lexicalOnly.map((h) => h.slug)).not.toContain('RENTALS_BOOK');

    const hybrid = service(true);
    await hybrid.denseReady(projectId);
    const hits = await hybrid.rank(projectId, 'automobile', { limit: 3 });
    expect(hits[0]?.slug).toBe('RENTALS_BOOK');
    const lexicalStillWins = await hybrid.rank(projectId, 'invoice', { limit: 1 });
    expect(lexicalStillWins[0]?.slug).toBe('BILLING_CREATE');
    // A tool named by its exact slug stays first after fusion, whatever the vectors say.
    const named = await hybrid.rank(projectId, 'rent a car, automobile SKY_OUTLOOK', { limit: 3 });
    expect(named[0]?.slug).toBe('SKY_OUTLOOK');
  });

  it('sends model and inputs in the OpenAI format with the API key', async () => {
    const documentCall = requests.find((r) => r.body.input.length === 3);
    expect(documentCall?.body.model).toBe('concepts-1');
    expect(documentCall?.auth).toBe('Bearer sk-test');
    expect(documentCall?.body.input.some((t) => t.includes('Reserve a car'))).toBe(true);
  });

  it('respects session filters in the dense ranking too', async () => {
    const hybrid = service(true);
    await hybrid.denseReady(projectId);
    const hits = await hybrid.rank(projectId, 'automobile', { limit: 3, allow: (s) => s !== 'RENTALS_BOOK' });
    expect(hits.map((h) => h.slug)).not.toContain('RENTALS_BOOK');
  });

  it('answers lexically and reports the error when the embedding server fails', async () => {
    const errors: unknown[] = [];
    const hybrid = service(true, errors);
    await hybrid.denseReady(projectId);
    failing = true;
    try {
      const hits = await hybrid.rank(projectId, 'invoice', { limit: 2 });
      expect(hits[0]?.slug).toBe('BILLING_CREATE');
      expect(errors.length).toBeGreaterThan(0);
    } finally {
      failing = false;
    }
  });
});
