import type { RecordedModelRequest } from './script.js';

export interface ReceivedToolResult {
  /** The call id the result answers. */
  id: string;
  /** The result text the client sent back. */
  text: string;
}

const asText = (content: unknown): string =>
  typeof content === 'string'
    ? content
    : Array.isArray(content)
      ? content.map((part: { text?: string }) => part?.text ?? '').join('')
      : JSON.stringify(content ?? null);

/** The items at the end of a list that match, in order (what was sent after the model's last turn). */
function trailing<T>(items: T[], match: (item: T) => boolean): T[] {
  let start = items.length;
  while (start > 0 && match(items[start - 1]!)) start--;
  return items.slice(start);
}

/**
 * The tool results a request sends back to the model after its last turn, in any of the three
 * formats; handy for scripted turns that react to what a tool returned.
 */
export function toolResults(request: RecordedModelRequest): ReceivedToolResult[] {
  const body = request.body as Record<string, any>;
  if (request.api === 'openai-responses') {
    const input: any[] = Array.isArray(body.input) ? body.input : [];
    return trailing(input, (i) => i?.type === 'function_call_output').map((i) => ({ id: String(i.call_id), text: asText(i.output) }));
  }
  const messages: any[] = Array.isArray(body.messages) ? body.messages : [];
  if (request.api === 'anthropic-messages') {
    const last = messages.at(-1);
    const blocks: any[] = last?.role === 'user' && Array.isArray(last.content) ? last.content : [];
    return blocks.filter((b) => b?.type === 'tool_result').map((b) => ({ id: String(b.tool_use_id), text: asText(b.content) }));
  }
  return trailing(messages, (m) => m?.role === 'tool').map((m) => ({ id: String(m.tool_call_id), text: asText(m.content) }));
}
