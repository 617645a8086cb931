import { execFile } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as agentLoop from '../../../../examples/composio/agent-loop.js';
import * as customTools from '../../../../examples/composio/custom-tools.js';
import * as directTools from '../../../../examples/composio/direct-tools.js';
import type { ExampleEnv } from '../../../../examples/composio/env.js';
import * as mcpClient from '../../../../examples/composio/mcp-client.js';
import * as quickstart from '../../../../examples/composio/quickstart.js';
import * as runTools from '../../../../examples/composio/run-tools.js';
import * as sessionLifecycle from '../../../../examples/composio/session-lifecycle.js';
import { type CompatServer, startCompatServer } from './composio-server.js';
import { inventorySpec, startInventoryUpstream } from './inventory-upstream.js';

/** Every program in examples/composio, run against a real server so the examples cannot rot. */
const root = fileURLToPath(new URL('../../../../', import.meta.url));
let server: CompatServer;
let env: ExampleEnv;

beforeAll(async () => {
  server = await startCompatServer();
  env = { baseURL: server.url, apiKey: server.key, log: () => undefined };
});
afterAll(async () => {
  await server?.close();
});

/** A model that follows a script: each turn returns the next completion, whatever it is told. */
function scriptedModel(turns: Array<Array<{ name: string; args: unknown }> | string>, seen: OpenAI.ChatCompletionMessageParam[][] = []): agentLoop.ChatModel {
  let turn = 0;
  return async (messages) => {
    seen.push([...messages]);
    const step = turns[turn++];
    if (step === undefined) throw new Error('the script has no more turns');
    const message =
      typeof step === 'string'
        ? { role: 'assistant' as const, content: step, refusal: null }
        : {
            role: 'assistant' as const,
            content: null,
            refusal: null,
            tool_calls: step.map((c, i) => ({
              id: `call_${turn}_${i}`,
              type: 'function' as const,
              function: { name: c.name, arguments: JSON.stringify(c.args) },
            })),
          };
    return {
      id: `scripted-${turn}`,
      object: 'chat.completion',
      created: 0,
      model: 'scripted',
      choices: [{ index: 0, finish_reason: typeof step === 'string' ? 'stop' : 'tool_calls', logprobs: null, message }],
    } as OpenAI.ChatCompletion;
  };
}

describe('examples/composio', () => {
  it('quickstart.ts', async () => {
    const result = await quickstart.main(env);
    expect(result.mcpUrl).toBe(`${server.url}/tool_router/${result.sessionId}/mcp`);
    expect(result.toolNames).toContain('COMPOSIO_SEARCH_TOOLS');
    expect(result.primary.some((s) => s.startsWith('HACKERNEWS_'))).toBe(true);
  });

  it('quickstart.ts runs as a program with npx tsx', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [path.join(root, 'node_modules/tsx/dist/cli.mjs'), 'examples/composio/quickstart.ts'], {
      cwd: root,
      env: { ...process.env, TOOLROUTER_BASE_URL: server.url, TOOLROUTER_API_KEY: server.key },
      timeout: 60_000,
    });
    expect(stdout).toMatch(/^session trs_/m);
    expect(stdout).toContain(`${server.url}/tool_router/`);
  });

  it('direct-tools.ts', async () => {
    const { toolNames } = await directTools.main(env);
    expect(toolNames.length).toBeGreaterThan(0);
    expect(toolNames.every((n) => n.startsWith('HACKERNEWS_'))).toBe(true);
  });

  it('session-lifecycle.ts', async () => {
    expect(await sessionLifecycle.main(env)).toEqual({
      configVersion: 2,
      toolkits: expect.arrayContaining(['github', 'gmail', 'slack', 'notion']),
      deleted: true,
    });
  });

  it('mcp-client.ts', async () => {
    const result = await mcpClient.main(env);
    expect(result.toolNames).toContain('COMPOSIO_SEARCH_TOOLS');
    expect(result.successful).toBe(true);
    expect(result.primary.length).toBeGreaterThan(0);
  });

  it('custom-tools.ts', async () => {
    const result = await customTools.main(env);
    expect(result.primary).toContain('LOCAL_LOOKUP_STOCK');
    expect(result.direct).toEqual({ sku: 'SKU-42', units: 7 });
    expect(result.units).toEqual([7, 0]);
  });

  it('run-tools.ts against a local upstream API', async () => {
    const upstream = await startInventoryUpstream();
    try {
      const result = await runTools.main(env, {
        toolkit: 'stockroom',
        spec: inventorySpec(upstream.url),
        call: { tool: 'STOCKROOM_GET_ITEM', arguments: { id: '42' } },
        proxyPath: '/stats',
      });
      expect(result).toEqual({
        single: { id: '42', name: 'bulb', units: 7 },
        error: null,
        batch: expect.objectContaining({ total_count: 2, success_count: 2 }),
        proxyStatus: 200,
      });
      expect(upstream.calls.map((c) => c.path)).toEqual(['/items/42', '/items/42', '/items/42', '/stats']);
    } finally {
      await upstream.close();
    }
  });

  it('agent-loop.ts with a scripted model', async () => {
    const seen: OpenAI.ChatCompletionMessageParam[][] = [];
    const model = scriptedModel(
      [
        [{ name: 'COMPOSIO_SEARCH_TOOLS', args: { queries: [{ use_case: 'get the top stories on hacker news' }], session: { generate_id: true } } }],
        'HACKERNEWS tools can do it.',
      ],
      seen,
    );
    const result = await agentLoop.main(env, model);
    expect(result).toEqual({ answer: 'HACKERNEWS tools can do it.', called: ['COMPOSIO_SEARCH_TOOLS'] });
    // What the model was given back for its call: the router's search result.
    const toolMessage = seen[1]!.find((m) => m.role === 'tool')!;
    const payload = JSON.parse(String(toolMessage.content));
    expect(payload.successful).toBe(true);
    expect(payload.data.results[0].primary_tool_slugs.some((s: string) => s.startsWith('HACKERNEWS_'))).toBe(true);
  });
});
