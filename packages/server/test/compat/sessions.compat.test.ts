import { SessionPreset } from '@composio/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CompatServer, startCompatServer, storedSession } from './composio-server.js';

/**
 * Creating, reusing, changing and deleting sessions with the official client
 * (`@composio/core@0.17.0`, pinned) against a real running server, one documented flow per test.
 */
let server: CompatServer;
beforeAll(async () => {
  server = await startCompatServer();
});
afterAll(async () => {
  await server?.close();
});

/** Names of OpenAI function tools (the default provider's format). */
const toolNames = (tools: ReadonlyArray<object>) => tools.map((t) => (t as { function: { name: string } }).function.name);

describe('@composio/core: creating sessions', () => {
  it('with a toolkit list', async () => {
    const session = await server.composio().create('user-1', { toolkits: ['github', 'gmail'], mcp: true });
    expect(session.sessionId).toMatch(/^trs_/);
    expect(session.mcp).toEqual({ type: 'http', url: `${server.url}/tool_router/${session.sessionId}/mcp`, headers: { 'x-api-key': server.key } });
    const { body } = await storedSession(server, session.sessionId);
    expect(body.config.user_id).toBe('user-1');
    expect(body.config.toolkits).toEqual({ enabled: ['github', 'gmail'] });
  });

  it('with { enable } and with { disable }', async () => {
    const composio = server.composio();
    const enabled = await composio.create('user-1', { toolkits: { enable: ['slack'] } });
    expect((await storedSession(server, enabled.sessionId)).body.config.toolkits).toEqual({ enabled: ['slack'] });
    const disabled = await composio.create('user-1', { toolkits: { disable: ['github'] } });
    expect((await storedSession(server, disabled.sessionId)).body.config.toolkits).toEqual({ disabled: ['github'] });
    // The filter is applied: a disabled toolkit's tools are never found.
    const found = await disabled.search({ query: 'create an issue in a github repository' });
    expect(found.results.flatMap((r) => [...r.primaryToolSlugs, ...r.relatedToolSlugs]).some((s) => s.startsWith('GITHUB_'))).toBe(false);
  });

  it('with per-toolkit tool filters', async () => {
    const session = await server.composio().create('user-1', {
      toolkits: ['github', 'gmail'],
      tools: { github: ['GITHUB_CREATE_AN_ISSUE', 'GITHUB_GET_A_REPOSITORY'], gmail: { disable: ['GMAIL_SEND_EMAIL'] } },
    });
    const { config } = (await storedSession(server, session.sessionId)).body;
    expect(config.tools).toEqual({
      github: { enabled: ['GITHUB_CREATE_AN_ISSUE', 'GITHUB_GET_A_REPOSITORY'] },
      gmail: { disabled: ['GMAIL_SEND_EMAIL'] },
    });
    const found = await session.search({ query: 'star a github repository' });
    const slugs = found.results.flatMap((r) => [...r.primaryToolSlugs, ...r.relatedToolSlugs]).filter((s) => s.startsWith('GITHUB_'));
    expect(slugs.every((s) => ['GITHUB_CREATE_AN_ISSUE', 'GITHUB_GET_A_REPOSITORY'].includes(s))).toBe(true);
  });

  it('with tags', async () => {
    const session = await server.composio().create('user-1', { toolkits: ['github'], tags: ['readOnlyHint'] });
    expect((await storedSession(server, session.sessionId)).body.config.tags).toEqual({ enabled: ['readOnlyHint'] });
    const found = await session.search({ query: 'delete a github repository' });
    const slugs = found.results.flatMap((r) => [...r.primaryToolSlugs, ...r.relatedToolSlugs]);
    expect(slugs.length).toBeGreaterThan(0);
    expect(slugs).not.toContain('GITHUB_DELETE_A_REPOSITORY');
  });

  it('with manage_connections options', async () => {
    const composio = server.composio();
    const waiting = await composio.create('user-1', {
      toolkits: ['github'],
      manageConnections: { enable: true, callbackUrl: 'https://app.example.com/connected', waitForConnections: true },
    });
    expect(toolNames(await waiting.tools())).toEqual(expect.arrayContaining(['COMPOSIO_MANAGE_CONNECTIONS', 'COMPOSIO_WAIT_FOR_CONNECTIONS']));
    expect((await storedSession(server, waiting.sessionId)).body.config.manage_connections).toEqual({
      enabled: true,
      callback_url: 'https://app.example.com/connected',
      enable_wait_for_connections: true,
      enable_connection_removal: false,
    });
    const off = await composio.create('user-1', { toolkits: ['github'], manageConnections: false });
    expect(toolNames(await off.tools())).not.toContain('COMPOSIO_MANAGE_CONNECTIONS');
  });

  it('with sessionPreset DIRECT_TOOLS: every allowed tool, no meta-tool', async () => {
    const session = await server.composio().create('user-1', { toolkits: ['hackernews'], sessionPreset: SessionPreset.DIRECT_TOOLS });
    const names = toolNames(await session.tools());
    const catalog = await fetch(`${server.url}/api/v3.1/tools?toolkit_slug=hackernews&limit=100`, { headers: { 'x-api-key': server.key } });
    const allowed = ((await catalog.json()) as { items: Array<{ slug: string }> }).items.map((t) => t.slug);
    expect(allowed.length).toBeGreaterThan(1);
    expect(names.sort()).toEqual(allowed.sort());
  });

  it('with preload', async () => {
    const session = await server.composio().create('user-1', { toolkits: ['github'], preload: { tools: ['GITHUB_CREATE_AN_ISSUE'] } });
    expect(session.preload).toEqual({ tools: ['GITHUB_CREATE_AN_ISSUE'] });
    const names = toolNames(await session.tools());
    expect(names).toContain('GITHUB_CREATE_AN_ISSUE');
    expect(names).toContain('COMPOSIO_SEARCH_TOOLS');
  });

  it('with disable lists naming toolkits and tools this server lacks: created, with warnings the client keeps', async () => {
    const session = await server.composio().create('user-1', {
      toolkits: { disable: ['zapforge', 'quillmint'] },
      tools: { gmail: { disable: ['GMAIL_NOT_A_TOOL'] } },
    });
    expect(session.sessionId).toMatch(/^trs_/);
    const codes = (session as unknown as { warnings: Array<{ code: string; message: string }> }).warnings.map((w) => w.code);
    expect(codes).toEqual(['DISABLED_SLUG_NOT_IN_CATALOG', 'DISABLED_SLUG_NOT_IN_CATALOG', 'DISABLED_SLUG_NOT_IN_CATALOG']);
    expect((await storedSession(server, session.sessionId)).body.config.toolkits).toEqual({ disabled: ['zapforge', 'quillmint'] });
    // The same through session.update() (the stored tools filter still names an unknown tool).
    await session.update({ toolkits: { disable: ['zapforge'] } });
    expect(session.configVersion).toBe(2);
    const after = (session as unknown as { warnings: Array<{ message: string }> }).warnings;
    expect(after.map((w) => w.message)).toEqual([expect.stringContaining('no toolkit "zapforge"'), expect.stringContaining('no tool "GMAIL_NOT_A_TOOL"')]);
  });

  it("rejects an invalid config with the server's message", async () => {
    const error = await server
      .composio()
      .create('user-1', { toolkits: ['githb'] })
      .catch((e: unknown) => e as Error);
    expect(String((error as Error).message)).toMatch(/githb.*github/);
  });
});

describe('@composio/core: reusing, changing and deleting sessions', () => {
  it('composio.use(id) returns the same session', async () => {
    const composio = server.composio();
    const created = await composio.create('user-2', { toolkits: ['github'], preload: { tools: ['GITHUB_GET_A_REPOSITORY'] }, mcp: true });
    const used = await composio.use(created.sessionId, { mcp: true });
    expect(used.sessionId).toBe(created.sessionId);
    expect(used.mcp.url).toBe(created.mcp.url);
    expect(toolNames(await used.tools())).toContain('GITHUB_GET_A_REPOSITORY');
  });

  it('session.update(...) changes only what it names and moves the config version on', async () => {
    const session = await server.composio().create('user-2', { toolkits: ['github'] });
    await session.update({ toolkits: ['gmail'], preload: { tools: ['GMAIL_SEND_EMAIL'] } });
    expect(session.configVersion).toBe(2);
    const { config, config_version } = (await storedSession(server, session.sessionId)).body;
    expect(config_version).toBe(2);
    expect(config.toolkits).toEqual({ enabled: ['gmail'] });
    expect(toolNames(await session.tools())).toContain('GMAIL_SEND_EMAIL');
  });

  it('session.authorize("gmail") without an operator OAuth app answers what to configure', async () => {
    const session = await server.composio().create('user-3', { toolkits: ['gmail'] });
    const error = await session.authorize('gmail').catch((e: unknown) => e as Error);
    expect(error).toBeInstanceOf(Error);
    const message = String((error as Error).message);
    // The client puts the JSON error body in the message, quotes escaped.
    expect(message).toMatch(/^400 .*gmail\W+ cannot be connected yet: the project has no auth config for it and the server has no managed app/);
    expect(message).toContain('TOOLROUTER_MANAGED_AUTH');
  });

  it('session.delete() removes it for good', async () => {
    const composio = server.composio();
    const session = await composio.create('user-2', { toolkits: ['github'] });
    expect(await session.delete()).toEqual({ sessionId: session.sessionId, deleted: true });
    expect((await storedSession(server, session.sessionId)).status).toBe(404);
    await expect(composio.use(session.sessionId)).rejects.toThrow();
  });
});
