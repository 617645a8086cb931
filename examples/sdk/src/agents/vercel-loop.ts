import type { ToolRouterSession } from '@toolrouter/sdk';
import { VercelAIProvider } from '@toolrouter/sdk/ai-sdk';
import { generateText, type LanguageModel, stepCountIs } from 'ai';

/** The AI SDK runs the loop itself: each tool's `execute` goes through the session. */
export async function runVercelAgent(opts: { model: LanguageModel; session: ToolRouterSession; task: string; maxSteps?: number }): Promise<string> {
  const tools = await new VercelAIProvider(opts.session).tools();
  const result = await generateText({
    model: opts.model,
    system: opts.session.assistivePrompt ?? 'Use the tools to help the user.',
    prompt: opts.task,
    tools,
    stopWhen: stepCountIs(opts.maxSteps ?? 10),
  });
  for (const step of result.steps) for (const call of step.toolCalls) console.log(`  → ${call.toolName}`);
  return result.text;
}
