import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinCatalog, startTestApi, type TestApi } from './harness.js';

/**
 * Requests people make of an agent, across the 25 toolkits the reference's users use most, each with
 * the tool (or the equally right tools) that should answer it. Written by hand for this test, never
 * shown to the index: the curated tools carry example requests of their own, in other words.
 * The session enables all 25 toolkits, as an application serving such requests would.
 */
interface Case {
  request: string;
  expect: string[];
}
const CASES: Case[] = readFileSync(new URL('./fixtures/agent-requests.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line) as Case);

const TOP_25 = [
  'gmail',
  'composio',
  'github',
  'googlecalendar',
  'notion',
  'googlesheets',
  'slack',
  'supabase',
  'outlook',
  'perplexityai',
  'twitter',
  'googledrive',
  'googledocs',
  'hubspot',
  'linear',
  'airtable',
  'codeinterpreter',
  'serpapi',
  'jira',
  'firecrawl',
  'tavily',
  'youtube',
  'slackbot',
  'bitbucket',
  'googletasks',
];

/** The share of requests whose intended tool must be in the top 5 (issue 14's goal; 92.2 % measured, three requests above it). */
const TOP5_FLOOR = 0.9;

let api: TestApi;
let sessionId: string;
beforeAll(async () => {
  api = await startTestApi();
  // `composio` is the meta-tools' toolkit; the session has those anyway.
  const enable = [...TOP_25.filter((t) => t !== 'composio'), 'composio_search'];
  const created = await api.call('POST', '/api/v3.1/tool_router/session', { user_id: 'u', toolkits: { enable } });
  expect(created.status, JSON.stringify(created.json)).toBe(201);
  sessionId = created.json.session_id;
});
afterAll(() => api.close());

async function ranked(request: string): Promise<string[]> {
  const { json } = await api.call('POST', `/api/v3.1/tool_router/session/${sessionId}/search`, { queries: [{ use_case: request }] });
  return [...json.results[0].primary_tool_slugs, ...json.results[0].related_tool_slugs];
}

describe('agent requests across the top 25 toolkits', () => {
  it('has at least 150 requests, each naming tools that exist', async () => {
    expect(CASES.length).toBeGreaterThanOrEqual(150);
    const missing: string[] = [];
    for (const c of CASES) {
      const found = await Promise.all(c.expect.map(async (slug) => (await api.call('GET', `/api/v3.1/tools/${slug}`)).status === 200));
      if (!found.some(Boolean)) missing.push(`${c.request} → none of ${c.expect.join(', ')}`);
    }
    expect(missing, missing.join('\n')).toEqual([]);
  });

  it('never reaches the index: no request is a tool example or part of a tool description', async () => {
    const norm = (text: string) => text.toLowerCase().replace(/\s+/g, ' ').trim();
    const requests = new Set(CASES.map((c) => norm(c.request)));
    const leaks: string[] = [];
    for (const bundle of await builtinCatalog()) {
      for (const tool of bundle.tools) {
        // Compiled operations carry no examples; reading their description loads nothing.
        for (const example of tool.examples ?? []) if (requests.has(norm(example))) leaks.push(`${tool.slug} example: ${example}`);
        const description = norm(tool.description);
        for (const request of requests) if (description.includes(request)) leaks.push(`${tool.slug} description: ${request}`);
      }
    }
    expect(leaks).toEqual([]);
  });

  it('puts an intended tool in the top 5 for most of them (at least 90 %)', async () => {
    let top1 = 0;
    let top5 = 0;
    const misses: string[] = [];
    for (const c of CASES) {
      const slugs = await ranked(c.request);
      if (c.expect.includes(slugs[0] ?? '')) top1++;
      if (slugs.slice(0, 5).some((s) => c.expect.includes(s))) top5++;
      else misses.push(`${c.request} → ${slugs.slice(0, 5).join(', ')} (wanted ${c.expect.join(' or ')})`);
    }
    const pct = (n: number) => ((100 * n) / CASES.length).toFixed(1);
    // README reports these figures ("Search results and speed"); printed so a run shows them.
    console.log(`agent requests: ${CASES.length}, top-1 ${pct(top1)} %, top-5 ${pct(top5)} %\nmisses:\n${misses.join('\n')}`);
    expect(top5 / CASES.length, `misses:\n${misses.join('\n')}`).toBeGreaterThanOrEqual(TOP5_FLOOR);
  });
});
