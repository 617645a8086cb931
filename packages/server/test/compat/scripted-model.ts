import type OpenAI from 'openai';

/** A chat completion as a model would return it, calling these tools; scripted, since no model runs in tests. */
export function completionCalling(calls: Array<{ name: string; args: unknown }>): OpenAI.ChatCompletion {
  return {
    id: 'chatcmpl-test',
    object: 'chat.completion',
    created: 0,
    model: 'scripted',
    choices: [
      {
        index: 0,
        finish_reason: 'tool_calls',
        logprobs: null,
        message: {
          role: 'assistant',
          content: null,
          refusal: null,
          tool_calls: calls.map((c, i) => ({ id: `call_${i}`, type: 'function', function: { name: c.name, arguments: JSON.stringify(c.args) } })),
        },
      },
    ],
  } as OpenAI.ChatCompletion;
}
