import type { Tool, ToolkitBundle } from '@toolrouter/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../harness.js';

/**
 * A curated tool's example requests are indexed like queries learned from use, so a request
 * worded like an example finds the tool even when no word of it is in the tool's name or
 * description - also with learning from use switched off.
 */
const BASE = '/api/v3.1/tool_router/session';

const tool = (slug: string, name: string, description: string, examples?: string[]): Tool => ({
  slug,
  name,
  description,
  toolkit: 'office',
  input_parameters: { type: 'object', properties: {} },
  output_parameters: {},
  tags: ['openWorldHint'],
  version: '1',
  no_auth: true,
  scopes: [],
  ...(examples ? { examples } : {}),
  binding: { kind: 'template', method: 'POST', path: '/x', query: {}, headers: {}, content_type: 'application/json' },
});

function catalog(withExamples: boolean): ToolkitBundle[] {
  return [
    {
      toolkit: {
        slug: 'office',
        name: 'Office',
        description: 'Office helpers.',
        logo: null,
        categories: [],
        auth_schemes: [{ mode: 'NO_AUTH' }],
        base_url: 'https://office.example.com',
        version: '1',
      },
      tools: [
        tool('OFFICE_ORDER_LUNCH', 'Order lunch', 'Orders food for the team.'),
        tool('OFFICE_PRINT_FILE', 'Print file', 'Sends a document to the printer.'),
        // Last, so that whatever the search falls back to without a matching word, it is not this one by position.
        tool(
          'OFFICE_BOOK_ROOM',
          'Book meeting room',
          'Reserves a meeting room for a time slot.',
          withExamples ? ['grab the Zorblax for the standup', 'hold Quimbly on friday'] : undefined,
        ),
      ],
    },
  ];
}

/** Every tool the search names for the request, best first. */
async function hits(api: TestApi, query: string): Promise<string[]> {
  const id = (await api.call('POST', BASE, { user_id: 'u', toolkits: ['office'] })).json.session_id;
  const res = await api.call('POST', `${BASE}/${id}/search`, { queries: [{ use_case: query }] });
  const result = res.json.results[0];
  return [...(result?.primary_tool_slugs ?? []), ...(result?.related_tool_slugs ?? [])];
}

describe('example requests in search', () => {
  let withExamples: TestApi;
  let without: TestApi;
  beforeAll(async () => {
    withExamples = await startTestApi({ builtin: catalog(true), searchLearning: false });
    without = await startTestApi({ builtin: catalog(false), searchLearning: false });
  });
  afterAll(async () => {
    await withExamples?.close();
    await without?.close();
  });

  it('finds a tool by the words of its examples, even with learning off', async () => {
    // Zorblax and Quimbly (two rooms' names) appear only in the examples.
    expect((await hits(withExamples, 'zorblax'))[0]).toBe('OFFICE_BOOK_ROOM');
    expect((await hits(withExamples, 'quimbly'))[0]).toBe('OFFICE_BOOK_ROOM');
    // The same catalog without the examples has no word of these requests.
    expect((await hits(without, 'zorblax'))[0]).not.toBe('OFFICE_BOOK_ROOM');
    expect((await hits(without, 'quimbly'))[0]).not.toBe('OFFICE_BOOK_ROOM');
  });
});
