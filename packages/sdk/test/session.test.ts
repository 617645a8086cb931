import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ApiKeyInvalidError,
  type Modifiers,
  SessionInvalidConfigError,
  SessionNotFoundError,
  SessionPreset,
  SessionVersionConflictError,
  ToolRouter,
  ToolRouterConfigError,
  ValidationFailedError,
} from '../src/index.js';
import { type LiveServer, startLiveServer } from './live-server.js';

let server: LiveServer;
let router: ToolRouter;
beforeAll(async () => {
  server = await startLiveServer();
  router = new ToolRouter({ apiKey: server.apiKey, baseURL: server.url });
});
afterAll(() => server.close());

describe('router.create and router.use', () => {
  it('sends the whole camelCase config and reads it back in the same spelling', async () => {
    const session = await router.create('alice', {
      toolkits: { enable: ['github', 'gmail'] },
      tools: { github: ['GITHUB_CREATE_AN_ISSUE', 'GITHUB_GET_A_REPOSITORY'], gmail: { tags: ['readOnlyHint'] } },
      tags: { disable: ['destructiveHint'] },
      preload: { tools: ['GITHUB_CREATE_AN_ISSUE'] },
      manageConnections: { enable: true, callbackUrl: 'https://app.example/done', waitForConnections: true },
      authConfigs: { github: 'ac_github1' },
      connectedAccounts: { gmail: 'ca_gmail1' },
      multiAccount: { enable: true, maxAccountsPerToolkit: 3 },
      workbench: { enable: false, sandboxSize: 'large', autoOffloadThreshold: 5000 },
      experimental: {
        permissions: { default: 'ask_once_per_session', overrides: { 'GITHUB_CREATE_AN_ISSUE:__none__': 'always_allow' } },
        assistivePrompt: { userTimezone: 'Europe/Berlin' },
        linkUrlOverwrite: 'https://connect.example',
      },
    });
    expect(session.sessionId).toMatch(/^trs_/);
    expect(session.userId).toBe('alice');
    expect(session.configVersion).toBe(1);
    expect(session.config).toEqual({
      userId: 'alice',
      toolkits: { enable: ['github', 'gmail'] },
      tools: { github: { enable: ['GITHUB_CREATE_AN_ISSUE', 'GITHUB_GET_A_REPOSITORY'] }, gmail: { tags: { enable: ['readOnlyHint'] } } },
      tags: { disable: ['destructiveHint'] },
      authConfigs: { github: 'ac_github1' },
      connectedAccounts: { gmail: ['ca_gmail1'] },
      manageConnections: { enable: true, callbackUrl: 'https://app.example/done', waitForConnections: true, enableConnectionRemoval: false },
      multiAccount: { enable: true, maxAccountsPerToolkit: 3, requireExplicitSelection: true },
      workbench: { enable: false, enableProxyExecution: true, autoOffloadThreshold: 5000, sandboxSize: 'large' },
      preload: { tools: ['GITHUB_CREATE_AN_ISSUE'] },
      search: { enable: true },
      execute: { enableMultiExecute: true },
      experimental: {
        permissions: { default: 'ask_once_per_session', overrides: { 'GITHUB_CREATE_AN_ISSUE:__none__': 'always_allow' } },
        assistivePrompt: { userTimezone: 'Europe/Berlin' },
        linkUrlOverwrite: 'https://connect.example',
      },
    });
    expect(session.metaTools).toContain('COMPOSIO_WAIT_FOR_CONNECTIONS');
    expect(session.metaTools).not.toContain('COMPOSIO_REMOTE_WORKBENCH');
    expect(session.assistivePrompt).toEqual(expect.any(String));
    expect(session.mcp).toEqual({
      type: 'http',
      url: `${server.url}/tool_router/${session.sessionId}/mcp`,
      headers: { 'x-api-key': server.apiKey },
    });
  });

  it('accepts a plain toolkit list and a disable list, and reports warnings', async () => {
    const listed = await router.create('bob', { toolkits: ['hackernews'] });
    expect(listed.config.toolkits).toEqual({ enable: ['hackernews'] });
    const disabled = await router.create('bob', { toolkits: { disable: ['gmail'] }, manageConnections: false, workbench: false });
    expect(disabled.config.toolkits).toEqual({ disable: ['gmail'] });
    expect(disabled.metaTools).toEqual(['COMPOSIO_SEARCH_TOOLS', 'COMPOSIO_GET_TOOL_SCHEMAS', 'COMPOSIO_MULTI_EXECUTE_TOOL']);

    const many = (await router.create('bob', { toolkits: ['gmail', 'slack', 'notion', 'hackernews'], preload: { tools: 'all' } })).warnings;
    expect(many.map((w) => w.code)).toContain('PRELOAD_TOOLS_HIGH_CONTEXT_USAGE');
  });

  it('applies the DIRECT_TOOLS preset: app tools instead of meta-tools', async () => {
    const session = await router.create('carol', { toolkits: ['hackernews'], preset: SessionPreset.DIRECT_TOOLS });
    expect(session.metaTools).toEqual([]);
    expect(session.config.preload.tools).toBe('all');
    const tools = await session.tools();
    expect(tools.length).toBeGreaterThan(1);
    expect(tools.every((t) => t.toolkit.slug === 'hackernews' && !t.slug.startsWith('COMPOSIO_'))).toBe(true);
  });

  it('opens an existing session with use() and fails with a typed error for an unknown one', async () => {
    const created = await router.create('dave', { toolkits: ['github'] });
    const opened = await router.use(created.sessionId);
    expect(opened.sessionId).toBe(created.sessionId);
    expect(opened.config).toEqual(created.config);

    const error = await router.use('trs_doesnotexist').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SessionNotFoundError);
    expect(error).toMatchObject({ status: 404, code: 'SESSION_NOT_FOUND', slug: 'Session_NotFound', numericCode: 20404 });
    expect((error as SessionNotFoundError).requestId).toEqual(expect.any(String));
    expect((error as SessionNotFoundError).suggestedFix).toMatch(/session id/i);
  });

  it('rejects an invalid config with every problem named', async () => {
    const unknown = await router.create('erin', { toolkits: ['githb', 'gmial'] }).catch((e: unknown) => e);
    expect(unknown).toBeInstanceOf(SessionInvalidConfigError);
    expect((unknown as SessionInvalidConfigError).errors).toEqual([
      expect.stringMatching(/githb.*did you mean "github"/),
      expect.stringMatching(/gmial.*did you mean "gmail"/),
    ]);
    const malformed = await router
      .create('erin', { multiAccount: { maxAccountsPerToolkit: 40 }, workbench: { sandboxSize: 'huge' as 'large' } })
      .catch((e: unknown) => e);
    expect(malformed).toBeInstanceOf(ValidationFailedError);
    expect(malformed).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    const errors = (malformed as ValidationFailedError).errors.join('\n');
    expect(errors).toMatch(/multi_account\.max_accounts_per_toolkit/);
    expect(errors).toMatch(/workbench\.sandbox_size/);
  });

  it('refuses settings it does not know instead of dropping them, before anything is sent', async () => {
    // Plain JavaScript (or a cast) gets past the types; a dropped key would silently allow every toolkit.
    const typo = await router
      .create('frank', { toolkit: ['gmail'], manageConnections: { callbackURL: 'https://x.example' } } as never)
      .catch((e: unknown) => e);
    expect(typo).toBeInstanceOf(ToolRouterConfigError);
    expect((typo as Error).message).toContain('toolkit: not a session setting; did you mean "toolkits"?');
    expect((typo as Error).message).toContain('manageConnections.callbackURL: not a session setting; did you mean "callbackUrl"?');
    const snake = await router.create('frank', { manage_connections: false } as never).catch((e: unknown) => e);
    expect((snake as Error).message).toContain('did you mean "manageConnections"?');
    const session = await router.create('frank', { toolkits: ['gmail'] });
    const update = await session.update({ toolkitz: ['slack'] } as never).catch((e: unknown) => e);
    expect(update).toBeInstanceOf(ToolRouterConfigError);
    expect((typo as Error).message).toMatch(/^Invalid session config: /);
    expect((await router.use(session.sessionId)).configVersion).toBe(1);
  });
});

describe('session.tools', () => {
  it('lists meta-tools and preloaded tools, with modifySchema applied', async () => {
    const session = await router.create('frank', { toolkits: ['github'], preload: { tools: ['GITHUB_CREATE_AN_ISSUE'] } });
    const plain = await session.tools();
    expect(plain.map((t) => t.slug)).toEqual([...session.metaTools, 'GITHUB_CREATE_AN_ISSUE']);
    const issue = plain.find((t) => t.slug === 'GITHUB_CREATE_AN_ISSUE')!;
    expect(issue.toolkit).toMatchObject({ slug: 'github', name: 'GitHub' });
    expect(issue.inputParameters.type).toBe('object');
    expect(issue.inputParameters.required).toEqual(expect.arrayContaining(['owner', 'repo', 'title']));
    expect(issue.local).toBe(false);

    const seen: string[] = [];
    const modified = await session.tools({
      modifiers: {
        modifySchema: ({ toolSlug, toolkitSlug, schema }) => {
          seen.push(`${toolkitSlug}:${toolSlug}`);
          return toolSlug === 'GITHUB_CREATE_AN_ISSUE' ? { ...schema, description: 'Open an issue.' } : schema;
        },
      },
    });
    expect(seen).toContain('composio:COMPOSIO_SEARCH_TOOLS');
    expect(seen).toContain('github:GITHUB_CREATE_AN_ISSUE');
    expect(modified.find((t) => t.slug === 'GITHUB_CREATE_AN_ISSUE')!.description).toBe('Open an issue.');
  });
});

describe('session.tools paging and execute modifiers', () => {
  it('collects every page of a long tool list', async () => {
    const session = await router.create('paul', {
      toolkits: ['github'],
      tools: { github: { tags: ['readOnlyHint'] } },
      preset: SessionPreset.DIRECT_TOOLS,
    });
    const tools = await session.tools(); // more than one page of 500
    expect(tools.length).toBeGreaterThan(500);
    expect(new Set(tools.map((t) => t.slug)).size).toBe(tools.length);
    expect(tools.every((t) => t.tags.includes('readOnlyHint'))).toBe(true);
  });

  it('runs beforeExecute / afterExecute around session.execute, naming the tool and its toolkit', async () => {
    const session = await router.create('quinn', { toolkits: ['github'] });
    const seen: string[] = [];
    const modifiers: Modifiers = {
      beforeExecute: ({ toolSlug, toolkitSlug, sessionId, params }) => {
        seen.push(`${toolkitSlug}:${toolSlug}:${sessionId === session.sessionId}`);
        return { ...params, arguments: { tool_slugs: ['GITHUB_GET_A_REPOSITORY'] } };
      },
      afterExecute: ({ result }) => ({
        ...result,
        data: { slugs: Object.keys(result.data.tool_schemas as object) },
      }),
    };
    const result = await session.execute('COMPOSIO_GET_TOOL_SCHEMAS', { tool_slugs: ['IGNORED'] }, { modifiers });
    expect(result.data).toEqual({ slugs: ['GITHUB_GET_A_REPOSITORY'] });
    // A catalog tool the session has not listed yet: its toolkit is looked up on the server.
    await session
      .execute('GITHUB_GET_A_REPOSITORY', { owner: 'o', repo: 'r' }, { modifiers: { beforeExecute: modifiers.beforeExecute! } })
      .catch(() => undefined);
    expect(seen).toEqual([`composio:COMPOSIO_GET_TOOL_SCHEMAS:true`, `github:GITHUB_GET_A_REPOSITORY:true`]);
  });
});

describe('session.search and meta-tool execution', () => {
  it('searches with typed, camelCase results', async () => {
    const session = await router.create('gina', { toolkits: ['github', 'gmail'] });
    const found = await session.search({ query: 'send an email' });
    expect(found.success).toBe(true);
    expect(found.results).toHaveLength(1);
    expect(found.results[0]).toMatchObject({ index: 1, useCase: 'send an email', toolkits: expect.arrayContaining(['gmail']) });
    expect(found.results[0]!.primaryToolSlugs).toContain('GMAIL_SEND_EMAIL');
    expect(found.toolSchemas.GMAIL_SEND_EMAIL).toMatchObject({ toolSlug: 'GMAIL_SEND_EMAIL', toolkit: 'gmail', hasFullSchema: true });
    expect(found.toolkitConnectionStatuses).toContainEqual(expect.objectContaining({ toolkit: 'gmail', hasActiveConnection: false }));
    expect(found.timeInfo.currentTimeUtcEpochSeconds).toBeGreaterThan(1_700_000_000);

    const onlyGmail = await session.search({ query: ['send an email', 'create an issue'], toolkits: ['gmail'] });
    expect(onlyGmail.results).toHaveLength(2);
    for (const r of onlyGmail.results) for (const slug of [...r.primaryToolSlugs, ...r.relatedToolSlugs]) expect(slug).toMatch(/^GMAIL_/);
  });

  it('executes COMPOSIO_SEARCH_TOOLS and COMPOSIO_GET_TOOL_SCHEMAS on the server', async () => {
    const session = await router.create('hank', { toolkits: ['github'] });
    const search = await session.execute('COMPOSIO_SEARCH_TOOLS', {
      queries: [{ use_case: 'list the issues of a repository' }],
      session: { generate_id: true },
    });
    expect(search.successful).toBe(true);
    expect(search.error).toBeNull();
    expect(search.logId).toMatch(/^log_/);
    const results = search.data.results as Array<{ primary_tool_slugs: string[] }>;
    expect(results[0]!.primary_tool_slugs[0]).toMatch(/^GITHUB_/);
    expect((search.data.session as { id: string }).id).toMatch(/^wf_/);

    const schemas = await session.execute('COMPOSIO_GET_TOOL_SCHEMAS', { tool_slugs: ['GITHUB_CREATE_AN_ISSUE', 'GITHUB_NOPE'] });
    expect(Object.keys(schemas.data.tool_schemas as object)).toEqual(['GITHUB_CREATE_AN_ISSUE']);
    expect(schemas.data.not_found).toEqual(['GITHUB_NOPE']);

    const bad = await session.execute('COMPOSIO_SEARCH_TOOLS', { queries: 'not a list' });
    expect(bad.successful).toBe(false);
    expect(bad.error).toMatch(/queries/);
  });
});

describe('session.toolkits', () => {
  it('pages with a cursor, iterates every page, and filters', async () => {
    const session = await router.create('ivy', { toolkits: ['github', 'gmail', 'slack', 'notion', 'hackernews'] });
    const first = await session.toolkits({ limit: 2 });
    expect(first.items).toHaveLength(2);
    expect(first.totalItems).toBe(5);
    expect(first.totalPages).toBe(3);
    expect(first.hasNextPage()).toBe(true);
    const second = await first.nextPage();
    expect(second.currentPage).toBe(2);

    const all: string[] = [];
    for await (const toolkit of session.toolkits({ limit: 2 })) all.push(toolkit.slug);
    expect(all.sort()).toEqual(['github', 'gmail', 'hackernews', 'notion', 'slack']);

    const gh = await session.toolkits({ search: 'git' });
    expect(gh.items.map((t) => t.slug)).toEqual(['github']);
    expect(gh.items[0]).toMatchObject({ slug: 'github', name: 'GitHub', enabled: true, isNoAuth: false });
    expect(gh.items[0]!.connection).toMatchObject({ isActive: false, status: 'NOT_CONNECTED', connectedAccount: null, authConfig: null });
    const hn = (await session.toolkits({ toolkits: ['hackernews'] })).items[0]!;
    expect(hn.isNoAuth).toBe(true);
    expect((await session.toolkits({ isConnected: true })).items).toEqual([]);

    const error = await session.toolkits({ toolkits: ['nope'] }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ValidationFailedError);
  });
});

describe('session.update and session.delete', () => {
  it('changes only the keys given, clears with null, and guards with expectedConfigVersion', async () => {
    const session = await router.create('jack', { toolkits: ['gmail'], workbench: { sandboxSize: 'large' } });
    const same = await session.update({ toolkits: ['gmail', 'slack'], preload: { tools: ['GMAIL_SEND_EMAIL'] } });
    expect(same).toBe(session);
    expect(session.configVersion).toBe(2);
    expect(session.config.toolkits).toEqual({ enable: ['gmail', 'slack'] });
    expect(session.config.workbench.sandboxSize).toBe('large');

    await session.update({ workbench: null, expectedConfigVersion: 2 });
    expect(session.configVersion).toBe(3);
    expect(session.config.workbench.sandboxSize).toBe('standard');

    const stale = await session.update({ tags: ['readOnlyHint'], expectedConfigVersion: 2 }).catch((e: unknown) => e);
    expect(stale).toBeInstanceOf(SessionVersionConflictError);
    expect((await router.use(session.sessionId)).configVersion).toBe(3);
  });

  it('deletes a session; it is gone afterwards', async () => {
    const session = await router.create('kim', { toolkits: ['gmail'] });
    expect(await session.delete()).toEqual({ sessionId: session.sessionId, deleted: true });
    await expect(router.use(session.sessionId)).rejects.toBeInstanceOf(SessionNotFoundError);
    await expect(session.tools()).rejects.toBeInstanceOf(SessionNotFoundError);
  });
});

describe('client configuration', () => {
  it('falls back to TOOLROUTER_API_KEY and TOOLROUTER_BASE_URL', async () => {
    const saved = { key: process.env.TOOLROUTER_API_KEY, url: process.env.TOOLROUTER_BASE_URL };
    try {
      process.env.TOOLROUTER_API_KEY = server.apiKey;
      process.env.TOOLROUTER_BASE_URL = server.url;
      const session = await new ToolRouter().create('lee', { toolkits: ['gmail'] });
      expect(session.sessionId).toMatch(/^trs_/);
      delete process.env.TOOLROUTER_API_KEY;
      expect(() => new ToolRouter()).toThrow(ToolRouterConfigError);
      expect(() => new ToolRouter()).toThrow(/TOOLROUTER_API_KEY/);
      expect(() => new ToolRouter({ apiKey: 'k', baseURL: 'localhost:8080' })).toThrow(ToolRouterConfigError);
    } finally {
      if (saved.key === undefined) delete process.env.TOOLROUTER_API_KEY;
      else process.env.TOOLROUTER_API_KEY = saved.key;
      if (saved.url === undefined) delete process.env.TOOLROUTER_BASE_URL;
      else process.env.TOOLROUTER_BASE_URL = saved.url;
    }
  });

  it('raises ApiKeyInvalidError for a wrong key', async () => {
    const wrong = new ToolRouter({ apiKey: 'trk_wrong', baseURL: server.url });
    const error = await wrong.create('x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiKeyInvalidError);
    expect(error).toMatchObject({ status: 401, code: 'API_KEY_INVALID' });
  });
});
