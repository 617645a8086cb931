import type Anthropic from '@anthropic-ai/sdk';
import type { ToolRouterSession } from '@toolrouter/sdk';
import { AnthropicProvider } from '@toolrouter/sdk/anthropic';

/** A Messages API agent loop: tool_use blocks run through the session, tool_result blocks go back. */
export async function runAnthropicAgent(opts: {
  anthropic: Anthropic;
  model: string;
  session: ToolRouterSession;
  task: string;
  maxSteps?: number;
}): Promise<string> {
  const provider = new AnthropicProvider(opts.session, { cacheTools: true });
  const tools = await provider.tools();
  const messages: Anthropic.Messages.MessageParam[] = [{ role: 'user', content: opts.task }];
  for (let step = 0; step < (opts.maxSteps ?? 10); step++) {
    const reply = await opts.anthropic.messages.create({
      model: opts.model,
      max_tokens: 2048,
      system: opts.session.assistivePrompt ?? 'Use the tools to help the user.',
      messages,
      tools,
    });
    messages.push({ role: 'assistant', content: reply.content });
    if (reply.stop_reason !== 'tool_use') return reply.content.flatMap((b) => (b.type === 'text' ? [b.text] : [])).join('');
    for (const block of reply.content) if (block.type === 'tool_use') console.log(`  → ${block.name}`);
    messages.push({ role: 'user', content: await provider.handleToolCalls(reply) });
  }
  return '(stopped: too many steps)';
}
