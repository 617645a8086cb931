import Anthropic from '@anthropic-ai/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createTool, ToolRouter } from '../../src/index.js';
import { AnthropicProvider } from '../../src/providers/anthropic/index.js';
import { startScriptedModelServer, toolResults } from '../../src/testing/index.js';
import { type LiveServer, startLiveServer } from '../live-server.js';
import { checkSearchResult, checkSecondTurnResults, parsed, SCRIPT, sessionFor } from './fixture.js';

// No live model is called: the official `@anthropic-ai/sdk` client talks to a local scripted model server.
let server: LiveServer;
beforeAll(async () => {
  server = await startLiveServer();
});
afterAll(() => server.close());

describe('Anthropic Messages', () => {
  it('sends tools with input_schema and answers tool_use blocks with tool_result blocks', async () => {
    const model = await startScriptedModelServer({ turns: SCRIPT });
    try {
      const session = await sessionFor(server.url, server.apiKey);
      const anthropic = new Anthropic({ apiKey: 'not-used', baseURL: model.anthropicBaseURL, maxRetries: 0 });
      const provider = new AnthropicProvider(session, { cacheTools: true });
      const tools = await provider.tools();
      const messages: Anthropic.Messages.MessageParam[] = [{ role: 'user', content: 'email my notes' }];
      let final = '';
      for (let step = 0; step < 5; step++) {
        const reply = await anthropic.messages.create({ model: 'claude-test', max_tokens: 1024, messages, tools });
        messages.push({ role: 'assistant', content: reply.content });
        if (reply.stop_reason !== 'tool_use') {
          final = reply.content.flatMap((b) => (b.type === 'text' ? [b.text] : [])).join('');
          break;
        }
        messages.push({ role: 'user', content: await provider.handleToolCalls(reply) });
      }
      expect(final).toBe('All done.');
      expect(model.remainingTurns).toBe(0);

      const sent = model.requests[0]!.body.tools as Array<Record<string, any>>;
      expect(sent.map((t) => t.name)).toEqual([...session.metaTools, 'LOCAL_CLOCK']);
      expect(sent.every((t) => t.input_schema.type === 'object' && typeof t.description === 'string' && !('parameters' in t))).toBe(true);
      expect(sent.at(-1)!.cache_control).toEqual({ type: 'ephemeral' });
      expect(sent.slice(0, -1).some((t) => 'cache_control' in t)).toBe(false);

      const firstResults = (model.requests[1]!.body.messages as any[]).at(-1);
      expect(firstResults.role).toBe('user');
      expect(firstResults.content).toEqual([expect.objectContaining({ type: 'tool_result', tool_use_id: 'toolu_1_0' })]);
      checkSearchResult(parsed(firstResults.content[0].content), expect);

      const second = (model.requests[2]!.body.messages as any[]).at(-1).content as any[];
      expect(second.map((b) => [b.type, b.tool_use_id, b.is_error ?? false])).toEqual([
        ['tool_result', 'toolu_2_0', false],
        ['tool_result', 'toolu_2_1', false],
        ['tool_result', 'toolu_2_2', true],
      ]);
      checkSecondTurnResults(
        second.map((b) => parsed(b.content)),
        expect,
      );
      expect(toolResults(model.requests[2]!).map((r) => r.id)).toEqual(['toolu_2_0', 'toolu_2_1', 'toolu_2_2']);
    } finally {
      await model.close();
    }
  });
});

describe('Anthropic argument names', () => {
  it('renames arguments Anthropic refuses and gives the tool its original names back', async () => {
    // Local tools (and tools of mounted MCP servers) may use any property name; Anthropic accepts
    // only [a-zA-Z0-9_.-]{1,64}.
    const received: unknown[] = [];
    const orders = createTool('LIST_ORDERS', {
      name: 'List orders',
      description: 'Orders of the shop, filtered by status',
      inputParams: z.object({ 'filter[status]': z.string(), 'filter status': z.string().optional(), limit: z.number().optional() }),
      preload: true,
      execute: (input) => {
        received.push(input);
        return { count: 0 };
      },
    });
    const session = await new ToolRouter({ apiKey: server.apiKey, baseURL: server.url }).create('shopper', {
      toolkits: ['gmail'],
      experimental: { customTools: [orders] },
    });
    const provider = new AnthropicProvider(session);
    const tool = (await provider.tools()).find((t) => t.name === 'LOCAL_LIST_ORDERS')!;
    expect(Object.keys(tool.input_schema.properties as object)).toEqual(['filter_status_', 'filter_status', 'limit']);
    expect(tool.input_schema.required).toEqual(['filter_status_']);

    const model = await startScriptedModelServer({
      turns: [{ toolCalls: [{ name: 'LOCAL_LIST_ORDERS', arguments: { filter_status_: 'open', filter_status: 'x', limit: 2 } }] }],
    });
    try {
      const anthropic = new Anthropic({ apiKey: 'not-used', baseURL: model.anthropicBaseURL, maxRetries: 0 });
      const reply = await anthropic.messages.create({ model: 'claude-test', max_tokens: 100, messages: [{ role: 'user', content: 'orders' }], tools: [tool] });
      const [block] = await provider.handleToolCalls(reply);
      expect(parsed(block!.content)).toEqual({ successful: true, data: { count: 0 }, error: null });
      expect(received).toEqual([{ 'filter[status]': 'open', 'filter status': 'x', limit: 2 }]);
    } finally {
      await model.close();
    }
  });
});
