import { ToolSchema } from '@toolrouter/core';
import { describe, expect, it } from 'vitest';
import { schemaSearchText } from '../../search/engine/document.js';
import { indexedTool } from '../../search/indexed-tool.js';
import { BUILTIN_CATALOG_DIR } from '../builtin.js';
import { isReferenceTool } from '../reference-tools.js';
import { compiledCatalogSource, readCompiledIndex } from './compiled-source.js';
import { DetailCache } from './detail-cache.js';
import { precomputedParamText } from './lazy-tool.js';
import { releaseSearchText, SearchTextStore } from './search-text-store.js';

const dir = `${BUILTIN_CATALOG_DIR}compiled`;

describe('the compiled catalog loads lazily', () => {
  it('reads no tool details nor search text at start-up, and each on first use', async () => {
    const cache = new DetailCache(dir);
    const searchText = new SearchTextStore(dir);
    const bundles = await compiledCatalogSource(dir, cache, searchText).load();
    expect(cache.reads).toBe(0);
    expect(searchText.reads).toBe(0);
    // Indexing for search uses the precomputed argument words (read once, for all tools), not the schemas.
    const github = bundles.find((b) => b.toolkit.slug === 'github')!;
    for (const t of github.tools) expect(indexedTool(t, github.toolkit).paramText, t.slug).toBeDefined();
    expect(searchText.reads).toBe(1);
    expect(cache.reads).toBe(0);

    const issue = github.tools.find((t) => t.slug === 'GITHUB_CREATE_AN_ISSUE')!;
    expect(issue.binding).toMatchObject({ kind: 'http', method: 'POST', path: '/repos/{owner}/{repo}/issues' });
    expect(cache.reads).toBe(1);
    expect(ToolSchema.safeParse(JSON.parse(JSON.stringify(issue))).success).toBe(true);
    expect(cache.reads).toBe(1);
  });

  it('drops the argument words once released, and reads them again when an index asks', async () => {
    const searchText = new SearchTextStore(dir);
    const bundles = await compiledCatalogSource(dir, new DetailCache(dir), searchText).load();
    const github = bundles.find((b) => b.toolkit.slug === 'github')!;
    const before = indexedTool(github.tools[0]!, github.toolkit).paramText;
    expect(searchText.reads).toBe(1);
    // What `serve` does once its start-up indexes are built: the words leave memory…
    releaseSearchText();
    // …and a later index (another project's first search) reads the same words again.
    expect(indexedTool(github.tools[0]!, github.toolkit).paramText).toEqual(before);
    expect(searchText.reads).toBe(2);
    indexedTool(github.tools[1]!, github.toolkit);
    expect(searchText.reads).toBe(2);
  });

  it('stores exactly the argument words search would take from the schema', async () => {
    const bundles = await compiledCatalogSource(dir).load();
    for (const b of bundles.filter((_, i) => i % 10 === 0)) {
      for (const t of b.tools.slice(0, 20)) expect(precomputedParamText(t), t.slug).toEqual(schemaSearchText(t.input_parameters));
    }
  });

  it('marks the operations under reference slugs, and search indexes them as reference tools', async () => {
    const index = await readCompiledIndex(dir);
    const bundles = await compiledCatalogSource(dir).load();
    const github = bundles.find((b) => b.toolkit.slug === 'github')!;
    const expected = index.toolkits.find((t) => t.toolkit.slug === 'github')!.reference_slugs;
    expect(expected).toContain('GITHUB_CREATE_AN_ISSUE');
    expect(
      github.tools
        .filter(isReferenceTool)
        .map((t) => t.slug)
        .sort(),
    ).toEqual([...expected].sort());
    const issue = github.tools.find((t) => t.slug === 'GITHUB_CREATE_AN_ISSUE')!;
    expect(indexedTool(issue, github.toolkit)).toMatchObject({ reference: true, agentReady: false });
    expect(indexedTool(github.tools.find((t) => !isReferenceTool(t))!, github.toolkit).reference).toBe(false);
  });

  it('keeps the detail cache within its budget, reading an evicted toolkit again when needed', async () => {
    const cache = new DetailCache(dir, 1); // room for one toolkit at a time
    const bundles = await compiledCatalogSource(dir, cache).load();
    const first = bundles.find((b) => b.toolkit.slug === 'gmail')!.tools[0]!;
    const second = bundles.find((b) => b.toolkit.slug === 'slack')!.tools[0]!;
    void first.input_parameters;
    void second.input_parameters;
    void second.binding;
    expect(cache.reads).toBe(2);
    void first.binding;
    expect(cache.reads).toBe(3);
  });
});
