import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Tool, Toolkit } from '@toolrouter/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CatalogService } from '../../catalog/catalog-service.js';
import { openSqliteStore } from '../../store/sqlite.js';
import type { Store } from '../../store/store.js';
import { SearchService } from '../search-service.js';
import { onnxEmbedder } from './onnx-embedder.js';
import { embeddingLookupModel } from './tiny-onnx.js';
import { encode, parseVocab } from './wordpiece.js';

/**
 * The local ONNX embedder, end to end through ONNX Runtime (the WebAssembly build every install has, or the
 * native one where the operator added it), on a model file the test writes itself:
 * an embedding table whose rows put words of one concept on one axis (car, automobile, vehicle…), so a
 * query can be close to a tool it shares no word with. Real models plug into the same code path.
 */
const VOCAB = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', 'car', 'auto', '##mobile', 'vehicle', 'rent', 'invoice', 'bill', 'payment', 'rain', 'forecast', 'a', 'for'];
const CONCEPT: Record<string, number> = { car: 0, auto: 0, '##mobile': 0, vehicle: 0, rent: 0, invoice: 1, bill: 1, payment: 1, rain: 2, forecast: 2 };
const TABLE = VOCAB.map((piece) => {
  const row = [0, 0, 0, 0.05];
  if (piece in CONCEPT) row[CONCEPT[piece]!] = 1;
  return row;
});

let dir: string;
let store: Store;
let modelPath: string;
let vocabPath: string;

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
  dir = await mkdtemp(path.join(tmpdir(), 'toolrouter-onnx-'));
  modelPath = path.join(dir, 'model.onnx');
  vocabPath = path.join(dir, 'vocab.txt');
  await writeFile(modelPath, embeddingLookupModel(TABLE));
  await writeFile(vocabPath, `${VOCAB.join('\n')}\n`);
  store = await openSqliteStore({ file: path.join(dir, 'db.sqlite') });
  await store.migrate();
  await store.projects.create({ id: 'proj_onnx', name: 'onnx' });
  await store.toolkits.put('proj_onnx', toolkit('rentals'), [tool('RENTALS_BOOK', 'rentals', 'Book a rental', 'Reserve a car for a date range')]);
  await store.toolkits.put('proj_onnx', toolkit('billing'), [tool('BILLING_CREATE', 'billing', 'Create document', 'Create an invoice for a customer')]);
  await store.toolkits.put('proj_onnx', toolkit('sky'), [tool('SKY_OUTLOOK', 'sky', 'Outlook', 'Tomorrow rain forecast for a city')]);
});

afterAll(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

describe('WordPiece tokenisation', () => {
  it('splits unknown words into the longest vocabulary pieces, lower-cased and accent-free', () => {
    const vocab = parseVocab(VOCAB.join('\n'));
    expect(encode('Automobile ÇAR!', vocab, 16)).toEqual([2, 5, 6, 4, 1, 3]);
    expect(encode('car car car car', vocab, 4)).toEqual([2, 4, 4, 3]);
    expect(() => parseVocab('a\nb')).toThrow(/\[CLS\]/);
  });
});

describe('local ONNX embedder', () => {
  it('mean-pools the model output into unit vectors, one per text, in order', async () => {
    const embedder = onnxEmbedder({ modelPath, vocabPath, batchSize: 2 });
    const [car, automobile, bill] = await embedder.embed(['rent a car', 'automobile', 'bill'], 'document');
    const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * b[i]!, 0);
    expect(dot(car!, car!)).toBeCloseTo(1, 5);
    expect(dot(car!, automobile!)).toBeGreaterThan(0.9);
    expect(dot(car!, bill!)).toBeLessThan(0.2);
    expect(embedder.id).toBe(`onnx:${modelPath}`);
  });

  it('runs on the runtime every install has: the native one only where it is installed, else WebAssembly', async () => {
    const nativeInstalled = await import('onnxruntime-node' as string).then(
      () => true,
      () => false,
    );
    const embedder = onnxEmbedder({ modelPath, vocabPath });
    expect(await embedder.runtime()).toBe(nativeInstalled ? 'onnxruntime-node' : 'onnxruntime-web');
  });

  it('lets search find a tool that shares no word with the query', async () => {
    const service = new SearchService(store, new CatalogService([], store), { learning: false, embedder: onnxEmbedder({ modelPath, vocabPath }) });
    await service.denseReady('proj_onnx');
    const hits = await service.rank('proj_onnx', 'automobile', { limit: 3 });
    expect(hits[0]?.slug).toBe('RENTALS_BOOK');
    const lexical = new SearchService(store, new CatalogService([], store), { learning: false });
    expect((await lexical.rank('proj_onnx', 'automobile', { limit: 3 })).map((h) => h.slug)).not.toContain('RENTALS_BOOK');
  });

  it('fails on a file that is not a model, and search then stays lexical and reports it', async () => {
    const broken = onnxEmbedder({ modelPath: vocabPath, vocabPath });
    await expect(broken.embed(['car'], 'query')).rejects.toThrow();
    const errors: unknown[] = [];
    const service = new SearchService(store, new CatalogService([], store), { learning: false, embedder: broken, onEmbedderError: (e) => errors.push(e) });
    await service.denseReady('proj_onnx');
    expect((await service.rank('proj_onnx', 'invoice', { limit: 1 }))[0]?.slug).toBe('BILLING_CREATE');
    expect(errors.length).toBeGreaterThan(0);
  });
});
