import { readFileSync } from 'node:fs';
import type { ToolkitBundle } from '@toolrouter/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinCatalog, startTestApi, type TestApi } from '../harness.js';

/**
 * The verified reference tool slugs of the 25 most-used toolkits (shared/reference/catalog-targets.md,
 * in the table's order: gmail first), which users' code names. Every one must be served under its slug.
 */
const REFERENCE: Record<string, string[]> = JSON.parse(readFileSync(new URL('../fixtures/reference-slugs-top25.json', import.meta.url), 'utf8'));

/**
 * Toolkits for which the reference itself lists fewer than 8 agent tools (one search tool, or the five
 * sandbox tools); each must still have every listed slug.
 */
const SMALL_IN_THE_REFERENCE = new Set(['perplexityai', 'tavily', 'codeinterpreter']);

const agentReady = (b: ToolkitBundle, reference: readonly string[]) =>
  b.tools.filter((t) => t.binding.kind === 'template' || t.binding.kind === 'function' || reference.includes(t.slug)).length;

/**
 * The reference's 2025 connection meta tools, which its current router replaced with
 * COMPOSIO_MANAGE_CONNECTIONS (served here); listed so the gap stays visible rather than silent.
 */
const RETIRED_META = new Set(['COMPOSIO_CHECK_ACTIVE_CONNECTION', 'COMPOSIO_INITIATE_CONNECTION']);

let api: TestApi;
let bundles: ToolkitBundle[];
beforeAll(async () => {
  bundles = await builtinCatalog();
  api = await startTestApi({ builtin: bundles });
});
afterAll(() => api.close());

describe('the reference slugs of the top 25 toolkits', () => {
  it('lists 25 toolkits and every verified slug of catalog-targets.md', () => {
    expect(Object.keys(REFERENCE)).toHaveLength(25);
    expect(Object.values(REFERENCE).flat().length).toBeGreaterThanOrEqual(239);
  });

  it('serves every one of them under its slug', async () => {
    const missing: string[] = [];
    for (const slug of Object.values(REFERENCE).flat()) {
      if (RETIRED_META.has(slug)) continue;
      if ((await api.call('GET', `/api/v3.1/tools/${slug}`)).status !== 200) missing.push(slug);
    }
    expect(missing).toEqual([]);
  });

  it('gives each toolkit at least 8 agent-ready tools (curated or reference-named), at least 250 in all', () => {
    let total = 0;
    const short: string[] = [];
    for (const [toolkit, slugs] of Object.entries(REFERENCE)) {
      if (toolkit === 'composio') continue; // the meta tools, served by the router itself
      const bundle = bundles.find((b) => b.toolkit.slug === toolkit);
      const n = bundle ? agentReady(bundle, slugs) : 0;
      total += n;
      if (n < 8 && !SMALL_IN_THE_REFERENCE.has(toolkit)) short.push(`${toolkit}: ${n}`);
    }
    expect(short).toEqual([]);
    expect(total).toBeGreaterThanOrEqual(250);
  });
});
