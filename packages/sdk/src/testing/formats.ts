import type { ScriptedReply } from './script.js';

/**
 * Each API's response body for a scripted reply, with the fields the official clients read.
 * `turn` numbers the ids so every call id in a conversation is unique.
 */

const callId = (turn: number, i: number) => `call_${turn}_${i}`;
const now = () => Math.floor(Date.now() / 1000);

export function openaiChatResponse(reply: ScriptedReply, model: string, turn: number) {
  const calls = reply.toolCalls ?? [];
  return {
    id: `chatcmpl-scripted-${turn}`,
    object: 'chat.completion',
    created: now(),
    model,
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: reply.text ?? null,
          refusal: null,
          ...(calls.length > 0
            ? {
                tool_calls: calls.map((c, i) => ({
                  id: callId(turn, i),
                  type: 'function',
                  function: { name: c.name, arguments: JSON.stringify(c.arguments) },
                })),
              }
            : {}),
        },
        finish_reason: calls.length > 0 ? 'tool_calls' : 'stop',
        logprobs: null,
      },
    ],
    usage: { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 },
  };
}

export function openaiResponsesResponse(reply: ScriptedReply, model: string, turn: number) {
  const output: unknown[] = (reply.toolCalls ?? []).map((c, i) => ({
    type: 'function_call',
    id: `fc_${turn}_${i}`,
    call_id: callId(turn, i),
    name: c.name,
    arguments: JSON.stringify(c.arguments),
    status: 'completed',
  }));
  if (reply.text !== undefined) {
    output.push({
      type: 'message',
      id: `msg_${turn}`,
      role: 'assistant',
      status: 'completed',
      content: [{ type: 'output_text', text: reply.text, annotations: [] }],
    });
  }
  return {
    id: `resp_scripted_${turn}`,
    object: 'response',
    created_at: now(),
    status: 'completed',
    model,
    output,
    error: null,
    incomplete_details: null,
    instructions: null,
    metadata: {},
    parallel_tool_calls: true,
    temperature: null,
    top_p: null,
    tool_choice: 'auto',
    tools: [],
    usage: { input_tokens: 0, input_tokens_details: { cached_tokens: 0 }, output_tokens: 0, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 0 },
  };
}

export function anthropicMessagesResponse(reply: ScriptedReply, model: string, turn: number) {
  const calls = reply.toolCalls ?? [];
  return {
    id: `msg_scripted_${turn}`,
    type: 'message',
    role: 'assistant',
    model,
    content: [
      ...(reply.text !== undefined ? [{ type: 'text', text: reply.text }] : []),
      ...calls.map((c, i) => ({ type: 'tool_use', id: `toolu_${turn}_${i}`, name: c.name, input: c.arguments })),
    ],
    stop_reason: calls.length > 0 ? 'tool_use' : 'end_turn',
    stop_sequence: null,
    usage: { input_tokens: 0, output_tokens: 0 },
  };
}

/** Error bodies in each API's own format, so the official clients raise their usual errors. */
export function errorBody(api: 'openai' | 'anthropic', message: string) {
  return api === 'anthropic' ? { type: 'error', error: { type: 'api_error', message } } : { error: { message, type: 'server_error', code: null, param: null } };
}
