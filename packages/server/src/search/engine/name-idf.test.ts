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

/** The re-rank's own sum: idf of each name term, in order. */
function directTotal(store: IndexStore, d: number): number {
  let total = 0;
  for (const id of store.nameTerms[d] ?? []) total += store.idf(id);
  return total;
}

describe('NameIdf', () => {
  it('gives exactly the idf and name totals the store computes, and follows changes of the statistics', () => {
    const store = new IndexStore(false, false, undefined);
    store.upsertToolkit('github', [
      tool('GITHUB_CREATE_AN_ISSUE', 'Create an issue', 'Open an issue'),
      tool('GITHUB_LIST_ISSUES', 'List issues', 'Lists issues'),
    ]);
    store.refreshNorms(params);
    const names = new NameIdf(store);
    const issue = store.vocab.lookup('issu');
    expect(issue).toBeGreaterThanOrEqual(0);
    const before = store.idf(issue);
    expect(names.idf(issue)).toBe(before);
    expect(names.idf(issue)).toBe(before); // remembered, same value
    const d = store.slugToDoc.get('GITHUB_LIST_ISSUES')!;
    expect(names.nameTotal(d)).toBe(directTotal(store, d));
    expect(names.nameTotal(d)).toBeGreaterThan(0);

    // More docs with "issue": its idf drops. While the norms are dirty nothing remembered is used …
    store.upsertToolkit('jira', [tool('JIRA_CREATE_ISSUE', 'Create issue', 'Creates an issue'), tool('JIRA_SEARCH_ISSUES', 'Search issues', 'Finds issues')]);
    expect(names.idf(issue)).toBe(store.idf(issue));
    expect(names.idf(issue)).not.toBe(before);
    expect(names.nameTotal(d)).toBe(directTotal(store, d));
    // … and once they are recomputed, the remembered values are those of the new statistics.
    store.refreshNorms(params);
    expect(names.idf(issue)).toBe(store.idf(issue));
    expect(names.nameTotal(d)).toBe(directTotal(store, d));
    const j = store.slugToDoc.get('JIRA_SEARCH_ISSUES')!;
    expect(names.nameTotal(j)).toBe(directTotal(store, j));
  });

  it('answers for terms and docs it has no room for, and 0 for a doc without name terms', () => {
    const store = new IndexStore(false, false, undefined);
    store.upsertToolkit('slack', [tool('SLACK_POST_MESSAGE', 'Post message', 'Posts a message')]);
    store.refreshNorms(params);
    const names = new NameIdf(store);
    expect(names.idf(-1)).toBe(store.idf(-1));
    expect(names.idf(store.df.length + 10)).toBe(store.idf(store.df.length + 10));
    expect(names.nameTotal(store.docCapacity + 5)).toBe(0);
  });
});
