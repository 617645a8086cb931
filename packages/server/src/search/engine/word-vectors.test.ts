import { describe, expect, it } from 'vitest';
import type { IndexedTool } from '../types.js';
import { DocVectors, dotUnit } from './doc-vectors.js';
import { ToolIndex } from './index.js';
import { tokenize } from './tokenizer.js';
import { defaultWordVectors, WordVectors } from './word-vectors.js';

// The real table the service ships (packages/server/catalog/word-vectors.bin), not a stand-in.
const table = defaultWordVectors();

function tool(slug: string, name: string, description: string): IndexedTool {
  const toolkit = slug.split('_')[0]!.toLowerCase();
  return { slug, toolkit, toolkitName: toolkit, toolkitDescription: '', name, description, inputSchema: { type: 'object', properties: {} }, tags: [] };
}

// No tool shares a word (after stemming and stop words) with the requests below.
const CATALOG = [
  tool('WEATHER_GET_FORECAST', 'Get forecast', 'Returns the weather forecast for a city: temperature and precipitation.'),
  tool('SPOTIFY_ADD_TRACK', 'Add track to playlist', 'Adds a song to one of your playlists.'),
  tool('STRIPE_CREATE_INVOICE', 'Create invoice', 'Bills a customer for an amount due.'),
  tool('GITHUB_STAR_REPO', 'Star a repository', 'Stars a code repository on GitHub.'),
];

function build(tools: IndexedTool[], vectors: WordVectors | undefined): ToolIndex {
  const index = new ToolIndex(undefined, vectors);
  for (const t of tools) index.upsertToolkit(t.toolkit, [t]);
  return index;
}

const vectorOf = (text: string) => new DocVectors(table, [1, 1, 1, 1, 1, 1], 1e-3).vectorOfTerms([[], [], tokenize(text), [], [], []])!;

describe('word vectors', () => {
  it('loads the bundled table, keyed by the engine’s stemmed terms', () => {
    expect(table.dims).toBeGreaterThan(0);
    expect(table.rows).toBeGreaterThan(10_000);
    for (const word of ['invoice', 'playlist', 'weather', 'deleted']) expect(table.row(tokenize(word)[0]!)).toBeGreaterThanOrEqual(0);
    expect(table.row('zzqxv')).toBe(-1);
  });

  it('puts related words closer than unrelated ones', () => {
    const rain = vectorOf('rain');
    expect(dotUnit(rain, vectorOf('weather'))).toBeGreaterThan(dotUnit(rain, vectorOf('invoice')) + 0.2);
    const music = vectorOf('music');
    expect(dotUnit(music, vectorOf('song'))).toBeGreaterThan(dotUnit(music, vectorOf('customer')) + 0.2);
  });

  it('rejects a file that is not a table', () => {
    expect(() => WordVectors.fromBuffer(Buffer.from('not a table at all, really'))).toThrow(/not a word-vector table/);
  });
});

describe('the meaning channel', () => {
  const requests: [string, string][] = [
    ['will it rain tomorrow in paris', 'WEATHER_GET_FORECAST'],
    ['singer album', 'SPOTIFY_ADD_TRACK'],
    ['a tune for the party', 'SPOTIFY_ADD_TRACK'],
  ];

  it('finds a tool described in other words than the request', () => {
    const index = build(CATALOG, table);
    expect(index.usesWordVectors).toBe(true);
    for (const [query, slug] of requests) expect(index.search(query, { limit: 3 })[0]?.slug, query).toBe(slug);
  });

  it('is off without vectors, or with vectorWeight 0: such requests then find nothing', () => {
    for (const index of [
      build(CATALOG, undefined),
      (() => {
        const i = new ToolIndex({ vectorWeight: 0 }, table);
        for (const t of CATALOG) i.upsertToolkit(t.toolkit, [t]);
        return i;
      })(),
    ]) {
      expect(index.usesWordVectors).toBe(false);
      for (const [query] of requests) expect(index.search(query, { limit: 3 }), query).toEqual([]);
    }
  });

  it('does not reorder a clear word match', () => {
    const index = build(CATALOG, table);
    expect(index.search('create an invoice', { limit: 1 })[0]?.slug).toBe('STRIPE_CREATE_INVOICE');
    expect(index.search('star a repository', { limit: 1 })[0]?.slug).toBe('GITHUB_STAR_REPO');
  });

  it('mixes a tool’s learned queries into its meaning vector, and takes them out again', () => {
    const index = build(CATALOG, table);
    const query = 'a tune for the party';
    const weatherScore = () => index.search(query, { limit: 4 }).find((h) => h.slug === 'WEATHER_GET_FORECAST')?.score ?? 0;
    const before = index.search(query, { limit: 4 });
    index.setLearned('WEATHER_GET_FORECAST', [{ text: 'songs and music for dancing', weight: 3 }]);
    expect(weatherScore()).toBeGreaterThan(before.find((h) => h.slug === 'WEATHER_GET_FORECAST')?.score ?? 0);
    index.setLearned('WEATHER_GET_FORECAST', []);
    expect(index.search(query, { limit: 4 })).toEqual(before);
  });

  it('forgets a removed tool and scores a per-request custom tool', () => {
    const index = build(CATALOG, table);
    index.removeToolkit('weather');
    expect(index.search('will it rain tomorrow in paris', { limit: 3 }).map((h) => h.slug)).not.toContain('WEATHER_GET_FORECAST');
    const custom = tool('METEO_OUTLOOK', 'Outlook', 'Weather forecast and temperature for the coming days.');
    expect(index.search('will it rain tomorrow in paris', { limit: 3, extra: [custom] })[0]?.slug).toBe('METEO_OUTLOOK');
  });
});
