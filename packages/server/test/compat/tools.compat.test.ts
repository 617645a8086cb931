import { OpenAIProvider } from '@composio/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CompatServer, startCompatServer } from './composio-server.js';
import { completionCalling } from './scripted-model.js';

/**
 * The agent's side with the official client: tools for a model, search, tool calls answered
 * through a provider, and the per-session toolkit listing.
 */
let server: CompatServer;
beforeAll(async () => {
  server = await startCompatServer();
});
afterAll(async () => {
  await server?.close();
});

describe('@composio/core: tools for a model', () => {
  it('session.tools() through the default OpenAI provider', async () => {
    const session = await server.composio().create('user-1', { toolkits: ['github'], preload: { tools: ['GITHUB_CREATE_AN_ISSUE'] } });
    const tools = await session.tools();
    expect(Array.isArray(tools)).toBe(true);
    const byName = new Map(tools.map((t: any) => [t.function.name, t]));
    expect([...byName.keys()]).toEqual(
      expect.arrayContaining(['COMPOSIO_SEARCH_TOOLS', 'COMPOSIO_GET_TOOL_SCHEMAS', 'COMPOSIO_MULTI_EXECUTE_TOOL', 'GITHUB_CREATE_AN_ISSUE']),
    );
    const issue = byName.get('GITHUB_CREATE_AN_ISSUE') as any;
    expect(issue.type).toBe('function');
    expect(issue.function.parameters.type).toBe('object');
    expect(issue.function.parameters.required).toEqual(expect.arrayContaining(['owner', 'repo', 'title']));
  });

  it('provider.handleToolCalls answers a scripted COMPOSIO_SEARCH_TOOLS call', async () => {
    const provider = new OpenAIProvider();
    const session = await server.composio(provider).create('user-1', { toolkits: ['github'] });
    const messages = await provider.handleToolCalls(
      session,
      completionCalling([{ name: 'COMPOSIO_SEARCH_TOOLS', args: { queries: [{ use_case: 'create an issue on github' }], session: { generate_id: true } } }]),
    );
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ role: 'tool', tool_call_id: 'call_0' });
    const result = JSON.parse(String(messages[0]!.content));
    expect(result.successful).toBe(true);
    expect(result.data.results[0].primary_tool_slugs.length).toBeGreaterThan(0);
  });
});

describe('@composio/core: search and toolkits', () => {
  it('session.search({ query, toolkits })', async () => {
    const session = await server.composio().create('user-1', { toolkits: ['github', 'gmail', 'slack'] });
    const result = await session.search({ query: 'send a message', toolkits: ['slack'] });
    expect(result.success).toBe(true);
    const slugs = result.results.flatMap((r) => [...r.primaryToolSlugs, ...r.relatedToolSlugs]);
    expect(slugs.length).toBeGreaterThan(0);
    expect(slugs.every((s) => s.startsWith('SLACK_'))).toBe(true);
    expect(Object.keys(result.toolSchemas).length).toBeGreaterThan(0);
    expect(result.toolkitConnectionStatuses.map((s) => s.toolkit)).toContain('slack');
  });

  it('session.toolkits({ toolkits, search, limit }) pages with the cursor', async () => {
    const session = await server.composio().create('user-1', { toolkits: ['github', 'gmail', 'slack', 'notion', 'hackernews'] });
    const first = await session.toolkits({ limit: 2 });
    expect(first.items).toHaveLength(2);
    expect(first.totalPages).toBe(3);
    expect(first.cursor).toBeTruthy();
    const seen = [...first.items.map((i) => i.slug)];
    let cursor = first.cursor;
    while (cursor) {
      const page = await session.toolkits({ limit: 2, cursor });
      seen.push(...page.items.map((i) => i.slug));
      cursor = page.cursor;
    }
    expect(seen.sort()).toEqual(['github', 'gmail', 'hackernews', 'notion', 'slack']);

    const named = await session.toolkits({ toolkits: ['gmail', 'slack'] });
    expect(named.items.map((i) => i.slug).sort()).toEqual(['gmail', 'slack']);
    const searched = await session.toolkits({ search: 'hacker' });
    expect(searched.items.map((i) => i.slug)).toEqual(['hackernews']);
    expect(searched.items[0]!.isNoAuth).toBe(true);
  });

  it('session.toolkits({ isConnected: true }) lists only connected toolkits', async () => {
    const session = await server.composio().create('user-without-accounts', { toolkits: ['github', 'gmail'] });
    const connected = await session.toolkits({ isConnected: true });
    expect(connected.items).toEqual([]);
    const all = await session.toolkits({});
    expect(all.items.every((i) => !i.connection?.isActive)).toBe(true);
  });
});
