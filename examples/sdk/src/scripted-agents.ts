/**
 * The three agents of this folder, run without any model: a scripted model server answers in the
 * OpenAI and Anthropic wire formats with planned tool calls, while every tool call really runs
 * through Tool Router (search on the server, the local note tool in this process). Needs only a
 * running server:
 *
 *   TOOLROUTER_API_KEY=… npm run scripted -w examples/sdk
 *
 * CI runs it (packages/sdk/test/examples.test.ts).
 */
import { createOpenAI } from '@ai-sdk/openai';
import Anthropic from '@anthropic-ai/sdk';
import { type RecordedModelRequest, type ScriptedTurn, startScriptedModelServer, toolResults } from '@toolrouter/sdk/testing';
import OpenAI from 'openai';
import { runAnthropicAgent } from './agents/anthropic-loop.js';
import { runOpenAIAgent } from './agents/openai-loop.js';
import { createSession, DEFAULT_TASK, savedNotes } from './agents/setup.js';
import { runVercelAgent } from './agents/vercel-loop.js';

/** The first tool the search returned, read from the tool result the agent sent back. */
function firstFoundTool(request: RecordedModelRequest): string {
  const [result] = toolResults(request);
  const parsed = JSON.parse(result?.text ?? '{}') as { data?: { results?: Array<{ primary_tool_slugs?: string[] }> } };
  const slug = parsed.data?.results?.[0]?.primary_tool_slugs?.[0];
  if (!slug) throw new Error(`the search result did not reach the model: ${result?.text ?? '(none)'}`);
  return slug;
}

/** Search, then save a note naming what was found (via multi-execute), then answer. */
function script(): ScriptedTurn[] {
  let found = '';
  return [
    { toolCalls: [{ name: 'COMPOSIO_SEARCH_TOOLS', arguments: { queries: [{ use_case: 'top stories on hacker news' }], session: { generate_id: true } } }] },
    (request) => {
      found = firstFoundTool(request);
      const note = { title: 'Plan', text: `Read the front page with ${found}.` };
      return {
        toolCalls: [
          { name: 'COMPOSIO_MULTI_EXECUTE_TOOL', arguments: { tools: [{ tool_slug: 'LOCAL_SAVE_NOTE', arguments: note }], sync_response_to_workbench: false } },
        ],
      };
    },
    (request) => {
      const saved = JSON.parse(toolResults(request)[0]?.text ?? '{}') as { data?: { success_count?: number } };
      return { text: saved.data?.success_count === 1 ? `Saved a plan that uses ${found}.` : 'The note was not saved.' };
    },
  ];
}

const agents: Array<[string, (baseURL: string) => Promise<string>]> = [
  [
    'openai',
    async (baseURL) =>
      runOpenAIAgent({ openai: new OpenAI({ apiKey: 'scripted', baseURL }), model: 'scripted', session: await createSession(), task: DEFAULT_TASK }),
  ],
  [
    'anthropic',
    async (baseURL) =>
      runAnthropicAgent({
        anthropic: new Anthropic({ apiKey: 'scripted', baseURL: baseURL.replace(/\/v1$/, '') }),
        model: 'scripted',
        session: await createSession(),
        task: DEFAULT_TASK,
      }),
  ],
  [
    'vercel',
    async (baseURL) => runVercelAgent({ model: createOpenAI({ apiKey: 'scripted', baseURL })('scripted'), session: await createSession(), task: DEFAULT_TASK }),
  ],
];

let failed = false;
for (const [name, run] of agents) {
  const model = await startScriptedModelServer({ turns: script() });
  try {
    console.log(`${name}:`);
    const answer = await run(model.openaiBaseURL);
    const ok = answer.startsWith('Saved a plan that uses HACKERNEWS_') && model.remainingTurns === 0;
    failed ||= !ok;
    console.log(`  ${ok ? 'ok' : 'FAILED'}: ${answer}`);
  } finally {
    await model.close();
  }
}
console.log(`notes saved: ${savedNotes.length}`);
process.exit(failed || savedNotes.length !== agents.length ? 1 : 0);
