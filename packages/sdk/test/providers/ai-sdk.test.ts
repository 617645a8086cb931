import { createOpenAI } from '@ai-sdk/openai';
import { generateText, stepCountIs } from 'ai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VercelAIProvider } from '../../src/providers/ai-sdk/index.js';
import { startScriptedModelServer } from '../../src/testing/index.js';
import { type LiveServer, startLiveServer } from '../live-server.js';
import { checkSearchResult, checkSecondTurnResults, parsed, SCRIPT, sessionFor } from './fixture.js';

// No live model is called: `ai@5` with `@ai-sdk/openai` talks to a local scripted model server.
let server: LiveServer;
beforeAll(async () => {
  server = await startLiveServer();
});
afterAll(() => server.close());

describe('Vercel AI SDK', () => {
  it('runs a multi-step generateText whose tools execute through the session', async () => {
    const model = await startScriptedModelServer({ turns: SCRIPT });
    try {
      const session = await sessionFor(server.url, server.apiKey);
      const openai = createOpenAI({ apiKey: 'not-used', baseURL: model.openaiBaseURL });
      const tools = await new VercelAIProvider(session).tools();
      expect(Object.keys(tools)).toEqual([...session.metaTools, 'LOCAL_CLOCK']);

      const result = await generateText({ model: openai.chat('gpt-test'), tools, prompt: 'email my notes', stopWhen: stepCountIs(5), maxRetries: 0 });
      expect(result.text).toBe('All done.');
      expect(result.steps).toHaveLength(3);
      expect(model.remainingTurns).toBe(0);

      // The AI SDK sent our JSON Schemas as function tools.
      const sent = model.requests[0]!.body.tools as Array<{ type: string; function: { name: string; parameters: any } }>;
      expect(sent.map((t) => t.function.name)).toEqual([...session.metaTools, 'LOCAL_CLOCK']);
      expect(sent.find((t) => t.function.name === 'LOCAL_CLOCK')!.function.parameters).toMatchObject({
        type: 'object',
        properties: { zone: { type: 'string' } },
      });

      // Execution results as the SDK reports them, and as the model received them.
      const firstStepResults = result.steps[0]!.toolResults;
      expect(firstStepResults.map((r) => r.toolName)).toEqual(['COMPOSIO_SEARCH_TOOLS']);
      const toModel = (model.requests[1]!.body.messages as any[]).filter((m) => m.role === 'tool');
      expect(toModel.map((m) => m.tool_call_id)).toEqual(['call_1_0']);
      checkSearchResult(parsed(toModel[0].content), expect);

      const secondToModel = (model.requests[2]!.body.messages as any[]).filter((m) => m.role === 'tool').slice(-3);
      // The AI SDK answers results as they finish, and refuses a tool outside the tool set itself.
      const byId = new Map(secondToModel.map((m) => [m.tool_call_id as string, m.content as string]));
      expect([...byId.keys()].sort()).toEqual(['call_2_0', 'call_2_1', 'call_2_2']);
      checkSecondTurnResults([parsed(byId.get('call_2_0')), parsed(byId.get('call_2_1'))], expect);
      expect(byId.get('call_2_2')).toMatch(/unavailable tool 'GMAIL_SEND_EMAI'/);
    } finally {
      await model.close();
    }
  });
});
