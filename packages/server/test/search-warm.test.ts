import type { Tool, Toolkit } from '@toolrouter/core';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_PROJECT_ID, ProjectService } from '../src/projects/project-service.js';
import { wireServices } from '../src/runtime.js';
import { builtinCatalog, openTestStore } from './harness.js';

/**
 * `toolrouter serve` builds the search index in the background once it listens (serve.ts,
 * warmSearch). A search that arrives while that build is under way must see the whole catalog,
 * exactly as a server that builds its index on the first search does.
 */
const disposers: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const dispose of disposers) await dispose();
});

async function services() {
  const { store, dispose } = await openTestStore('sqlite');
  disposers.push(async () => {
    await store.close();
    await dispose();
  });
  await new ProjectService(store).bootstrap(undefined);
  return wireServices(store, await builtinCatalog(), { egressAllow: [], searchLearning: false, searchWordVectors: false });
}

const QUERIES = ['create an issue on github', 'send an email with an attachment', 'post a message to a slack channel', 'add a row to a spreadsheet'];

describe('the search index built in the background', () => {
  it('lets other work run while it builds, and a search during the build sees the complete index', async () => {
    const cold = await services();
    const expected = [];
    for (const q of QUERIES) expected.push(await cold.search.rank(DEFAULT_PROJECT_ID, q, { limit: 10 }));

    const warmed = await services();
    let turns = 0;
    const ticker = setInterval(() => turns++, 0);
    const warming = warmed.search.warm([DEFAULT_PROJECT_ID]);
    // Let the build get part of the way before the first search arrives.
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
    const during = await warmed.search.rank(DEFAULT_PROJECT_ID, QUERIES[0]!, { limit: 10 });
    await warming;
    clearInterval(ticker);
    expect(turns).toBeGreaterThan(0);
    expect(during).toEqual(expected[0]);
    for (const [i, q] of QUERIES.entries()) expect(await warmed.search.rank(DEFAULT_PROJECT_ID, q, { limit: 10 })).toEqual(expected[i]);
    expect(expected[0]!.length).toBe(10);
  });

  it('a search that waited for the build still sees a toolkit imported while the build ran', async () => {
    const warmed = await services();
    const warming = warmed.search.warm([DEFAULT_PROJECT_ID]);
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
    // Imported after the build read the catalog (as a client does right after the server starts).
    const toolkit: Toolkit = {
      slug: 'rentals',
      name: 'Rentals',
      description: '',
      logo: null,
      categories: [],
      auth_schemes: [{ mode: 'NO_AUTH' }],
      base_url: null,
      version: '1',
    };
    const tool: Tool = {
      slug: 'RENTALS_BOOK_CAR',
      name: 'Book a rental car',
      description: 'Reserve a rental car for a date range',
      toolkit: 'rentals',
      input_parameters: { type: 'object', properties: {} },
      output_parameters: {},
      tags: [],
      version: '1',
      no_auth: true,
      scopes: [],
      binding: { kind: 'none', reason: 'test' },
    };
    await warmed.store.toolkits.put(DEFAULT_PROJECT_ID, toolkit, [tool]);
    const found = await warmed.search.rank(DEFAULT_PROJECT_ID, 'book a rental car for next week', { limit: 5 });
    await warming;
    expect(found.map((r) => r.slug)).toContain('RENTALS_BOOK_CAR');
  });
});
