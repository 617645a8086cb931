import { describe, expect, it } from 'vitest';
import type { IndexedTool } from '../types.js';
import { IndexStore } from './index-store.js';
import { NameIdf } from './name-idf.js';
import { resolveParams } from './params.js';

function tool(slug: string, name: string, description: string): IndexedTool {
  const toolkit = slug.split('_')[0]!.toLowerCase();
  return { slug, toolkit, toolkitName: toolkit, toolkitDescription: '', name, description, inputSchema: { type: 'object', properties: {} }, tags: [] };
}

const params = resolveParams();

/** The re-rank's own sums: idf of each name term, in order, and the same times each term's weight. */
function direct(store: IndexStore, d: number, weight: Float64Array): { total: number; hit: number } {
  let total = 0;
  let hit = 0;
  for (const id of store.nameTerms[d] ?? []) {
    const idf = store.idf(id);
    total += idf;
    hit += idf * (weight[id] ?? 0);
  }
  return { total, hit };
}

function weights(store: IndexStore, terms: Record<string, number>): Float64Array {
  const out = new Float64Array(store.vocab.size + 1);
  for (const [term, w] of Object.entries(terms)) out[store.vocab.lookup(term)] = w;
  return out;
}

describe('NameIdf', () => {
  it('gives exactly the sums the re-rank computed, and follows changes of the statistics', () => {
    const store = new IndexStore(false, false, undefined);
    store.upsertToolkit('github', [
      tool('GITHUB_CREATE_AN_ISSUE', 'Create an issue', 'Open an issue'),
      tool('GITHUB_LIST_ISSUES', 'List issues', 'Lists issues'),
    ]);
    store.refreshNorms(params);
    const names = new NameIdf(store);
    const d = store.slugToDoc.get('GITHUB_LIST_ISSUES')!;
    const w = weights(store, { issu: 1, list: 0.75 });
    const before = direct(store, d, w);
    expect(before.hit).toBeGreaterThan(0);
    for (let pass = 0; pass < 2; pass++) {
      // the second pass reads what the first remembered
      expect(names.nameTotal(d)).toBe(before.total);
      expect(names.nameHit(d, w)).toBe(before.hit);
    }

    // More docs with "issue": its idf drops. While the norms are dirty nothing remembered is used …
    store.upsertToolkit('jira', [tool('JIRA_CREATE_ISSUE', 'Create issue', 'Creates an issue'), tool('JIRA_SEARCH_ISSUES', 'Search issues', 'Finds issues')]);
    const after = direct(store, d, w);
    expect(after.total).not.toBe(before.total);
    expect(names.nameTotal(d)).toBe(after.total);
    expect(names.nameHit(d, w)).toBe(after.hit);
    // … and once they are recomputed, what is remembered comes from the new statistics.
    store.refreshNorms(params);
    for (let pass = 0; pass < 2; pass++) {
      expect(names.nameTotal(d)).toBe(after.total);
      expect(names.nameHit(d, w)).toBe(after.hit);
      const j = store.slugToDoc.get('JIRA_SEARCH_ISSUES')!;
      expect(names.nameTotal(j)).toBe(direct(store, j, w).total);
      expect(names.nameHit(j, w)).toBe(direct(store, j, w).hit);
    }
  });

  it('answers 0 for docs without name terms, and a short weight table counts as zeros', () => {
    const store = new IndexStore(false, false, undefined);
    store.upsertToolkit('slack', [tool('SLACK_POST_MESSAGE', 'Post message', 'Posts a message')]);
    store.refreshNorms(params);
    const names = new NameIdf(store);
    expect(names.nameTotal(store.docCapacity + 5)).toBe(0);
    expect(names.nameHit(store.docCapacity + 5, new Float64Array(4))).toBe(0);
    expect(names.nameHit(0, new Float64Array(0))).toBe(0);
    expect(names.nameTotal(0)).toBeGreaterThan(0);
  });
});
