import type { ToolRouterSession } from '@toolrouter/sdk';
import { OpenAIProvider } from '@toolrouter/sdk/openai';
import type OpenAI from 'openai';

/** A plain Chat Completions agent loop: ask, run the requested tools through the session, repeat. */
export async function runOpenAIAgent(opts: { openai: OpenAI; model: string; session: ToolRouterSession; task: string; maxSteps?: number }): Promise<string> {
  const provider = new OpenAIProvider(opts.session);
  const tools = await provider.tools();
  const messages: OpenAI.Chat.Completions.ChatCompletionMessageParam[] = [
    { role: 'system', content: opts.session.assistivePrompt ?? 'Use the tools to help the user.' },
    { role: 'user', content: opts.task },
  ];
  for (let step = 0; step < (opts.maxSteps ?? 10); step++) {
    const completion = await opts.openai.chat.completions.create({ model: opts.model, messages, tools });
    const message = completion.choices[0]!.message;
    messages.push(message);
    if (!message.tool_calls?.length) return message.content ?? '';
    for (const call of message.tool_calls) if (call.type === 'function') console.log(`  → ${call.function.name}`);
    messages.push(...(await provider.handleToolCalls(completion)));
  }
  return '(stopped: too many steps)';
}
