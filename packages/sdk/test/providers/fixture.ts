import { z } from 'zod';
import { createTool, ToolRouter, type ToolRouterSession } from '../../src/index.js';
import type { ScriptedReply } from '../../src/testing/index.js';

/** A local tool the scripted model calls through COMPOSIO_MULTI_EXECUTE_TOOL. */
export const notebookGrep = createTool('NOTEBOOK_GREP', {
  name: 'Grep the notebook',
  description: 'Find the notebook lines that contain a word',
  inputParams: z.object({ pattern: z.string() }),
  execute: ({ pattern }) => ({ matches: ['alpha one', 'beta two', 'alpha three'].filter((l) => l.includes(pattern)) }),
});

/** A preloaded local tool the scripted model calls directly. */
export const clock = createTool('CLOCK', {
  name: 'Clock',
  description: 'The fixed time of the test world',
  inputParams: z.object({ zone: z.string() }),
  preload: true,
  execute: ({ zone }) => ({ time: '12:00', zone }),
});

export function sessionFor(url: string, apiKey: string): Promise<ToolRouterSession> {
  return new ToolRouter({ apiKey, baseURL: url }).create('provider-user', {
    toolkits: ['gmail'],
    experimental: { customTools: [notebookGrep, clock] },
  });
}

/**
 * The conversation every provider test scripts: search on the real server; then, in one turn,
 * a local tool through multi-execute, a preloaded local tool, and a tool that does not exist;
 * then a final answer.
 */
export const SCRIPT: ScriptedReply[] = [
  { toolCalls: [{ name: 'COMPOSIO_SEARCH_TOOLS', arguments: { queries: [{ use_case: 'send an email' }], session: { generate_id: true } } }] },
  {
    toolCalls: [
      {
        name: 'COMPOSIO_MULTI_EXECUTE_TOOL',
        arguments: { tools: [{ tool_slug: 'LOCAL_NOTEBOOK_GREP', arguments: { pattern: 'alpha' } }], sync_response_to_workbench: false },
      },
      { name: 'LOCAL_CLOCK', arguments: { zone: 'UTC' } },
      { name: 'GMAIL_SEND_EMAI', arguments: {} },
    ],
  },
  { text: 'All done.' },
];

export interface ToolResultText {
  successful: boolean;
  data: any;
  error: string | null;
}

/** A tool result as the model received it (JSON text), parsed. */
export const parsed = (text: unknown): ToolResultText => JSON.parse(String(text)) as ToolResultText;

/** The real server's search answer reached the model. */
export function checkSearchResult(result: ToolResultText, expect: (v: unknown) => any) {
  expect(result.successful).toBe(true);
  expect(result.data.results[0].primary_tool_slugs).toContain('GMAIL_SEND_EMAIL');
  expect(result.data.session.id).toMatch(/^wf_/);
}

/**
 * What the model must have received for the second turn's calls (the third, to a tool that does
 * not exist, is left out for frameworks that refuse such calls themselves).
 */
export function checkSecondTurnResults(results: ToolResultText[], expect: (v: unknown) => any) {
  const [multi, clockResult, missing] = results;
  expect(multi!.successful).toBe(true);
  expect(multi!.data.results[0].response.data).toEqual({ matches: ['alpha one', 'alpha three'] });
  expect(multi!.data).toMatchObject({ total_count: 1, success_count: 1, error_count: 0 });
  expect(clockResult).toEqual({ successful: true, data: { time: '12:00', zone: 'UTC' }, error: null });
  if (results.length === 2) return;
  expect(results).toHaveLength(3);
  expect(missing!.successful).toBe(false);
  expect(missing!.error).toMatch(/GMAIL_SEND_EMAIL/); // the server's suggestion reaches the model
}
