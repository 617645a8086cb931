import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpenAIProvider } from '../../src/providers/openai/index.js';
import { startScriptedModelServer, toolResults } from '../../src/testing/index.js';
import { type LiveServer, startLiveServer } from '../live-server.js';
import { checkSearchResult, checkSecondTurnResults, parsed, SCRIPT, sessionFor } from './fixture.js';

// No live model is called: the official `openai` client talks to a local scripted model server.
let server: LiveServer;
beforeAll(async () => {
  server = await startLiveServer();
});
afterAll(() => server.close());

describe('OpenAI Chat Completions', () => {
  it('sends the session tools, runs the tool calls through the session and returns tool messages', async () => {
    const model = await startScriptedModelServer({ turns: SCRIPT });
    try {
      const session = await sessionFor(server.url, server.apiKey);
      const openai = new OpenAI({ apiKey: 'not-used', baseURL: model.openaiBaseURL, maxRetries: 0 });
      const provider = new OpenAIProvider(session);
      const tools = await provider.tools();
      const messages: OpenAI.Chat.Completions.ChatCompletionMessageParam[] = [{ role: 'user', content: 'email my notes' }];
      let final = '';
      for (let step = 0; step < 5; step++) {
        const completion = await openai.chat.completions.create({ model: 'gpt-test', messages, tools });
        const message = completion.choices[0]!.message;
        messages.push(message);
        if (!message.tool_calls?.length) {
          final = message.content ?? '';
          break;
        }
        messages.push(...(await provider.handleToolCalls(completion)));
      }
      expect(final).toBe('All done.');
      expect(model.remainingTurns).toBe(0);

      // Format: every session tool as a Chat Completions function tool.
      const sent = model.requests[0]!.body.tools as Array<{ type: string; function: { name: string; description: string; parameters: any } }>;
      expect(sent.map((t) => t.function.name)).toEqual([...session.metaTools, 'LOCAL_CLOCK']);
      expect(sent.every((t) => t.type === 'function' && t.function.parameters.type === 'object' && t.function.description.length > 0)).toBe(true);
      expect(sent.find((t) => t.function.name === 'COMPOSIO_SEARCH_TOOLS')!.function.parameters.required).toEqual(['queries']);
      expect(sent.find((t) => t.function.name === 'LOCAL_CLOCK')!.function.parameters.properties).toEqual({ zone: { type: 'string' } });

      // Results: tool messages answering each call id, carrying what the session returned.
      const second = model.requests[1]!.body.messages as any[];
      const firstResult = second.at(-1);
      expect(firstResult).toMatchObject({ role: 'tool', tool_call_id: 'call_1_0' });
      checkSearchResult(parsed(firstResult.content), expect);
      const third = (model.requests[2]!.body.messages as any[]).slice(-3);
      expect(third.map((m) => [m.role, m.tool_call_id])).toEqual([
        ['tool', 'call_2_0'],
        ['tool', 'call_2_1'],
        ['tool', 'call_2_2'],
      ]);
      checkSecondTurnResults(
        third.map((m) => parsed(m.content)),
        expect,
      );
      expect(toolResults(model.requests[2]!).map((r) => r.id)).toEqual(['call_2_0', 'call_2_1', 'call_2_2']);
    } finally {
      await model.close();
    }
  });

  it('applies beforeExecute and afterExecute modifiers to the calls it runs', async () => {
    const model = await startScriptedModelServer({
      turns: [{ toolCalls: [{ name: 'LOCAL_CLOCK', arguments: { zone: 'UTC' } }] }, { text: 'ok' }],
    });
    try {
      const session = await sessionFor(server.url, server.apiKey);
      const seen: string[] = [];
      const provider = new OpenAIProvider(session, {
        modifiers: {
          beforeExecute: ({ toolSlug, toolkitSlug, params }) => {
            seen.push(`${toolkitSlug}/${toolSlug}`);
            return { ...params, arguments: { zone: 'Europe/Paris' } };
          },
          afterExecute: ({ result }) => ({ ...result, data: { ...result.data, checked: true } }),
        },
      });
      const openai = new OpenAI({ apiKey: 'not-used', baseURL: model.openaiBaseURL, maxRetries: 0 });
      const completion = await openai.chat.completions.create({
        model: 'gpt-test',
        messages: [{ role: 'user', content: 'time?' }],
        tools: await provider.tools(),
      });
      const [message] = await provider.handleToolCalls(completion);
      expect(parsed(message!.content).data).toEqual({ time: '12:00', zone: 'Europe/Paris', checked: true });
      expect(seen).toEqual(['local/LOCAL_CLOCK']);
    } finally {
      await model.close();
    }
  });
});

describe('OpenAI Responses API', () => {
  it('sends Responses function tools and answers function calls with function_call_output items', async () => {
    const model = await startScriptedModelServer({ turns: SCRIPT });
    try {
      const session = await sessionFor(server.url, server.apiKey);
      const openai = new OpenAI({ apiKey: 'not-used', baseURL: model.openaiBaseURL, maxRetries: 0 });
      const provider = new OpenAIProvider(session);
      const tools = await provider.responsesTools();
      const input: OpenAI.Responses.ResponseInput = [{ role: 'user', content: 'email my notes' }];
      let final = '';
      for (let step = 0; step < 5; step++) {
        const response = await openai.responses.create({ model: 'gpt-test', input, tools });
        input.push(...(response.output as OpenAI.Responses.ResponseInputItem[]));
        const outputs = await provider.handleToolCalls(response);
        if (outputs.length === 0) {
          final = response.output_text;
          break;
        }
        input.push(...outputs);
      }
      expect(final).toBe('All done.');

      const sent = model.requests[0]!.body.tools as Array<Record<string, any>>;
      expect(sent.map((t) => t.name)).toEqual([...session.metaTools, 'LOCAL_CLOCK']);
      expect(sent.every((t) => t.type === 'function' && t.strict === false && t.parameters.type === 'object')).toBe(true);

      const second = model.requests[1]!.body.input as any[];
      expect(second.at(-2)).toMatchObject({ type: 'function_call', call_id: 'call_1_0', name: 'COMPOSIO_SEARCH_TOOLS' });
      expect(second.at(-1)).toMatchObject({ type: 'function_call_output', call_id: 'call_1_0' });
      checkSearchResult(parsed(second.at(-1).output), expect);
      const third = (model.requests[2]!.body.input as any[]).filter((i) => i.type === 'function_call_output').slice(-3);
      expect(third.map((i) => i.call_id)).toEqual(['call_2_0', 'call_2_1', 'call_2_2']);
      checkSecondTurnResults(
        third.map((i) => parsed(i.output)),
        expect,
      );
      expect(toolResults(model.requests[2]!).map((r) => parsed(r.text).successful)).toEqual([true, true, false]);
    } finally {
      await model.close();
    }
  });
});
