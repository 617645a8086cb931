import { AIMessage, type ToolMessage } from '@langchain/core/messages';
import { convertToOpenAITool } from '@langchain/core/utils/function_calling';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LangChainProvider } from '../../src/providers/langchain/index.js';
import { startScriptedModelServer } from '../../src/testing/index.js';
import { type LiveServer, startLiveServer } from '../live-server.js';
import { checkSearchResult, checkSecondTurnResults, parsed, SCRIPT, sessionFor } from './fixture.js';

// No live model is called. LangChain's OpenAI chat model needs Node 22, so the loop is the one a
// LangChain agent runs, written out: LangChain converts the tools for the model (the official
// `openai` client talks to a local scripted model server), the reply becomes an AIMessage, and the
// provider answers its tool calls with ToolMessages.
let server: LiveServer;
beforeAll(async () => {
  server = await startLiveServer();
});
afterAll(() => server.close());

const toOpenAI = (m: ToolMessage): OpenAI.Chat.Completions.ChatCompletionToolMessageParam => ({
  role: 'tool',
  tool_call_id: m.tool_call_id,
  content: String(m.content),
});

describe('LangChain.js', () => {
  it('sends the session tools as LangChain tools, runs the tool calls through the session and answers ToolMessages', async () => {
    const model = await startScriptedModelServer({ turns: SCRIPT });
    try {
      const session = await sessionFor(server.url, server.apiKey);
      const provider = new LangChainProvider(session);
      const tools = await provider.tools();
      expect(tools.map((t) => t.name)).toEqual([...session.metaTools, 'LOCAL_CLOCK']);

      const openai = new OpenAI({ apiKey: 'not-used', baseURL: model.openaiBaseURL, maxRetries: 0 });
      const messages: OpenAI.Chat.Completions.ChatCompletionMessageParam[] = [{ role: 'user', content: 'email my notes' }];
      let final = '';
      for (let step = 0; step < 5; step++) {
        const completion = await openai.chat.completions.create({ model: 'gpt-test', messages, tools: tools.map((t) => convertToOpenAITool(t)) as never });
        const message = completion.choices[0]!.message;
        messages.push(message);
        const calls = (message.tool_calls ?? []).flatMap((c) => (c.type === 'function' ? [c] : []));
        if (calls.length === 0) {
          final = message.content ?? '';
          break;
        }
        const reply = new AIMessage({
          content: '',
          tool_calls: calls.map((c) => ({ id: c.id, name: c.function.name, args: JSON.parse(c.function.arguments || '{}'), type: 'tool_call' as const })),
        });
        const answers = await provider.handleToolCalls(reply);
        expect(answers.map((a) => a.tool_call_id)).toEqual(calls.map((c) => c.id));
        messages.push(...answers.map(toOpenAI));
      }
      expect(final).toBe('All done.');
      expect(model.remainingTurns).toBe(0);

      // LangChain handed our JSON Schemas to the model unchanged.
      const sent = model.requests[0]!.body.tools as Array<{ function: { name: string; parameters: any } }>;
      expect(sent.map((t) => t.function.name)).toEqual([...session.metaTools, 'LOCAL_CLOCK']);
      expect(sent.find((t) => t.function.name === 'COMPOSIO_SEARCH_TOOLS')!.function.parameters.required).toEqual(['queries']);
      expect(sent.find((t) => t.function.name === 'LOCAL_CLOCK')!.function.parameters.properties).toEqual({ zone: { type: 'string' } });

      const firstResult = (model.requests[1]!.body.messages as any[]).at(-1);
      expect(firstResult).toMatchObject({ role: 'tool', tool_call_id: 'call_1_0' });
      checkSearchResult(parsed(firstResult.content), expect);
      const third = (model.requests[2]!.body.messages as any[]).slice(-3);
      checkSecondTurnResults(
        third.map((m) => parsed(m.content)),
        expect,
      );
      // The misspelt tool reached the session, whose answer tells the model what went wrong.
      expect(parsed(third[2].content)).toMatchObject({ successful: false, error: expect.stringContaining('GMAIL_SEND_EMAI') });
    } finally {
      await model.close();
    }
  });

  it('a tool invoked with a tool call answers a ToolMessage carrying the session result', async () => {
    const session = await sessionFor(server.url, server.apiKey);
    const clock = (await new LangChainProvider(session).tools()).find((t) => t.name === 'LOCAL_CLOCK')!;
    const message = (await clock.invoke({ type: 'tool_call', id: 'call_x', name: 'LOCAL_CLOCK', args: { zone: 'UTC' } })) as ToolMessage;
    expect(message.tool_call_id).toBe('call_x');
    expect(parsed(message.content)).toMatchObject({ successful: true, data: { zone: 'UTC' } });
  });
});
