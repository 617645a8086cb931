/**
 * An agent loop with the OpenAI provider: the model sees the session's tools, the router answers
 * its tool calls, until the model replies in words.
 *   TOOLROUTER_API_KEY=trk_… OPENAI_API_KEY=sk-… npx tsx examples/composio/agent-loop.ts
 * (OPENAI_MODEL picks the model, default gpt-4o-mini.) Tests pass a scripted model instead.
 */
import { OpenAIProvider } from '@composio/core';
import type OpenAI from 'openai';
import { composioFor, type ExampleEnv, runIfMain } from './env.js';

export type ChatModel = (messages: OpenAI.ChatCompletionMessageParam[], tools: OpenAI.ChatCompletionTool[]) => Promise<OpenAI.ChatCompletion>;

/** The real thing, when a key is configured. */
export function openAiModel(): ChatModel {
  return async (messages, tools) => {
    const { default: OpenAIClient } = await import('openai');
    const openai = new OpenAIClient();
    return openai.chat.completions.create({ model: process.env.OPENAI_MODEL ?? 'gpt-4o-mini', messages, tools });
  };
}

export async function main(env: ExampleEnv, model: ChatModel = openAiModel(), task = 'Which tools would find the top stories on Hacker News?') {
  const provider = new OpenAIProvider();
  const session = await composioFor(env, provider).create('frank', { toolkits: ['hackernews', 'github'] });
  const tools = await session.tools();
  const messages: OpenAI.ChatCompletionMessageParam[] = [
    { role: 'system', content: session.experimental.assistivePrompt ?? 'Use the tools to help the user.' },
    { role: 'user', content: task },
  ];
  const called: string[] = [];
  for (let turn = 0; turn < 8; turn++) {
    const completion = await model(messages, tools);
    const message = completion.choices[0]!.message;
    messages.push(message);
    if (!message.tool_calls?.length) {
      env.log(message.content);
      return { answer: message.content, called };
    }
    for (const call of message.tool_calls) if (call.type === 'function') called.push(call.function.name);
    // Runs every tool call through the session and returns the tool messages for the model.
    messages.push(...(await provider.handleToolCalls(session, completion)));
  }
  throw new Error('the model did not finish within 8 turns');
}

runIfMain(import.meta.url, (env) => main(env));
