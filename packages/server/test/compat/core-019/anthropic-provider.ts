import { AnthropicProvider } from '@composio/anthropic';
import { describe, expect, it } from 'vitest';
import { useInventoryServer } from '../inventory-upstream.js';

/**
 * The Anthropic provider (@composio/anthropic 0.10, installed beside @composio/core 0.19): its
 * non-agentic `handleToolCalls(userId, message)` runs each tool_use block through the classic
 * tools API (GET /tools/{slug}, then POST /tools/execute/{slug}). Only in the Node 22 run.
 */
const env = useInventoryServer();

/** An assistant message as the Anthropic API returns it, asking for the given tool calls. */
function messageCalling(calls: Array<{ name: string; input: unknown }>) {
  return {
    id: 'msg_scripted',
    type: 'message',
    role: 'assistant',
    model: 'claude-scripted',
    stop_reason: 'tool_use',
    stop_sequence: null,
    usage: { input_tokens: 1, output_tokens: 1 },
    content: calls.map((c, i) => ({ type: 'tool_use', id: `toolu_${i}`, name: c.name, input: c.input })),
  } as never;
}

describe('@composio/anthropic: handleToolCalls on the classic tools API', () => {
  it('wraps tools for Claude and answers scripted tool_use blocks with tool_result blocks', async () => {
    const provider = new AnthropicProvider();
    // The compat helper is typed by the workspace's @composio/core (0.17); this provider belongs to 0.19.
    const composio = env.server.composio(provider as never) as unknown as { tools: { get(userId: string, filters: { tools: string[] }): Promise<unknown> } };
    const tools = (await composio.tools.get('claude-user', { tools: ['INVENTORY_GET_ITEM'] })) as Array<{ name: string; input_schema: { type: string } }>;
    expect(tools.map((t) => t.name)).toEqual(['INVENTORY_GET_ITEM']);
    expect(tools[0]!.input_schema.type).toBe('object');

    const before = env.upstream.calls.length;
    const results = await provider.handleToolCalls('claude-user', messageCalling([{ name: 'INVENTORY_GET_ITEM', input: { id: '42' } }]));
    // One user message carrying a tool_result block per tool_use block.
    expect(results).toHaveLength(1);
    const reply = results[0] as unknown as { role: string; content: Array<{ type: string; tool_use_id: string; content: string }> };
    expect(reply.role).toBe('user');
    expect(reply.content).toHaveLength(1);
    expect(reply.content[0]).toMatchObject({ type: 'tool_result', tool_use_id: 'toolu_0' });
    expect(JSON.parse(reply.content[0]!.content)).toMatchObject({ id: '42', name: 'bulb' });
    expect(env.upstream.calls.slice(before)).toEqual([{ method: 'GET', path: '/items/42', body: null }]);
  });
});
