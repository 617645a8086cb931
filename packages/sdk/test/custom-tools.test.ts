import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type CustomTool, CustomToolDefinitionError, createTool, createToolkit, MAX_LOCAL_CALL_DEPTH, ToolRouter } from '../src/index.js';
import { type LiveServer, startLiveServer } from './live-server.js';

let server: LiveServer;
let router: ToolRouter;
beforeAll(async () => {
  server = await startLiveServer();
  router = new ToolRouter({ apiKey: server.apiKey, baseURL: server.url });
});
afterAll(() => server.close());

const lines = ['alpha one', 'beta two', 'alpha three'];
const grep = createTool('GREP', {
  name: 'Grep',
  description: 'Find the lines of the notebook that contain a word',
  inputParams: z.object({ pattern: z.string().min(1), limit: z.number().int().positive().default(10) }),
  execute: ({ pattern, limit }) => ({ matches: lines.filter((l) => l.includes(pattern)).slice(0, limit) }),
});
const count = createTool('COUNT_LINES', {
  name: 'Count lines',
  description: 'Count the lines of the notebook',
  inputParams: z.object({}),
  preload: true,
  execute: () => lines.length, // not an object: arrives as { result }
});
const failing = createTool('EXPLODE', {
  name: 'Explode',
  description: 'Always fails',
  inputParams: z.object({}),
  execute: () => {
    throw new Error('the notebook is locked');
  },
});
const issueTriage = createTool('TRIAGE', {
  name: 'Triage issue',
  description: 'Label an issue using the GitHub connection',
  inputParams: z.object({ issue: z.number() }),
  extendsToolkit: 'github',
  execute: ({ issue }, ctx) => ({ issue, user: ctx.userId, slug: ctx.toolSlug }),
});
const devTools = createToolkit('DEV_TOOLS', {
  name: 'Developer tools',
  description: 'Small helpers for developers',
  tools: [
    createTool('ECHO', { name: 'Echo', description: 'Echo the input back', inputParams: z.object({ text: z.string() }), execute: ({ text }) => ({ text }) }),
  ],
});
const customs = { customTools: [grep, count, failing, issueTriage], customToolkits: [devTools] };

describe('createTool and createToolkit', () => {
  it('refuse bad definitions at once, naming the problem', () => {
    const base = { name: 'x', description: 'x', inputParams: z.object({}), execute: () => ({}) };
    expect(() => createTool('has space', base)).toThrow(CustomToolDefinitionError);
    expect(() => createTool('LOCAL_X', base)).toThrow(/LOCAL_ or COMPOSIO_/);
    expect(() => createTool('composio_x', base)).toThrow(/LOCAL_ or COMPOSIO_/);
    expect(() => createTool('X', { ...base, description: ' ' })).toThrow(/description/);
    expect(() => createTool('X', { ...base, inputParams: z.string() as never })).toThrow(/z\.object/);
    expect(() => createTool('X', { ...base, inputParams: { type: 'object' } as never })).toThrow(/zod/);
    expect(() => createToolkit('KIT', { name: 'k', description: 'k', tools: [] })).toThrow(/at least one/);
    expect(() => createToolkit('KIT', { name: 'k', description: 'k', tools: [issueTriage] })).toThrow(/extendsToolkit/);
    expect(() => createToolkit('KIT', { name: 'k', description: 'k', tools: [grep, grep] })).toThrow(/two tools/);
  });

  it('turn the zod schema into the JSON Schema the model sees', () => {
    expect(grep.inputSchema).toEqual({
      type: 'object',
      properties: { pattern: { type: 'string', minLength: 1 }, limit: expect.objectContaining({ type: 'integer', default: 10 }) },
      required: ['pattern'],
    });
  });
});

describe('local tools registered on a session', () => {
  it('get their final LOCAL_ names from the server', async () => {
    const session = await router.create('ann', { toolkits: ['github'], experimental: customs });
    expect(session.customTools().map((t) => [t.slug, t.originalSlug, t.extendsToolkit])).toEqual([
      ['LOCAL_GREP', 'GREP', undefined],
      ['LOCAL_COUNT_LINES', 'COUNT_LINES', undefined],
      ['LOCAL_EXPLODE', 'EXPLODE', undefined],
      ['LOCAL_GITHUB_TRIAGE', 'TRIAGE', 'github'],
    ]);
    expect(session.customToolkits()).toEqual([
      expect.objectContaining({ slug: 'DEV_TOOLS', tools: [expect.objectContaining({ slug: 'LOCAL_DEV_TOOLS_ECHO', toolkit: 'DEV_TOOLS' })] }),
    ]);
  });

  it('run in-process through session.execute, by final or original slug', async () => {
    const session = await router.create('ann', { toolkits: ['github'], experimental: customs });
    expect(await session.execute('LOCAL_GREP', { pattern: 'alpha' })).toEqual({
      data: { matches: ['alpha one', 'alpha three'] },
      error: null,
      successful: true,
      logId: '',
    });
    expect((await session.execute('grep', { pattern: 'beta' })).data).toEqual({ matches: ['beta two'] });
    expect((await session.execute('LOCAL_COUNT_LINES')).data).toEqual({ result: 3 });
    expect((await session.execute('LOCAL_DEV_TOOLS_ECHO', { text: 'hi' })).data).toEqual({ text: 'hi' });
    expect((await session.execute('LOCAL_GITHUB_TRIAGE', { issue: 7 })).data).toEqual({ issue: 7, user: 'ann', slug: 'LOCAL_GITHUB_TRIAGE' });
  });

  it('turn bad input and thrown errors into readable error results', async () => {
    const session = await router.create('ann', { toolkits: ['github'], experimental: customs });
    const invalid = await session.execute('LOCAL_GREP', { pattern: 42 });
    expect(invalid).toMatchObject({ successful: false, data: {} });
    expect(invalid.error).toMatch(/^Input validation failed for LOCAL_GREP: pattern: /);
    const thrown = await session.execute('LOCAL_EXPLODE');
    expect(thrown).toEqual({ data: {}, error: 'LOCAL_EXPLODE failed: the notebook is locked', successful: false, logId: '' });
  });

  it('are listed by session.tools() when preloaded, and run through the listed tool', async () => {
    const session = await router.create('ann', { toolkits: ['github'], experimental: customs });
    const tools = await session.tools();
    const local = tools.filter((t) => t.local);
    expect(local.map((t) => t.slug)).toEqual(['LOCAL_COUNT_LINES']);
    expect(local[0]!.description).toMatch(/^\[Direct tool.*\]\nCount the lines/);
    expect((await local[0]!.execute()).data).toEqual({ result: 3 });
  });

  it('are found by search, which the SDK sends them to on every call', async () => {
    const session = await router.create('ann', { toolkits: ['github'], experimental: customs });
    const found = await session.search({ query: 'find notebook lines that contain a word' });
    expect(found.results[0]!.primaryToolSlugs).toContain('LOCAL_GREP');
  });

  it('are attached again by router.use(id, { customTools })', async () => {
    const created = await router.create('ann', { toolkits: ['github'], experimental: customs });
    const plain = await router.use(created.sessionId);
    expect(plain.customTools()).toEqual([]);
    const attached = await router.use(created.sessionId, { customTools: [grep], customToolkits: [devTools] });
    expect(attached.customTools().map((t) => t.slug)).toEqual(['LOCAL_GREP']);
    expect((await attached.execute('LOCAL_GREP', { pattern: 'three' })).data).toEqual({ matches: ['alpha three'] });
    expect((await attached.execute('LOCAL_DEV_TOOLS_ECHO', { text: 'again' })).data).toEqual({ text: 'again' });
  });

  it('compose other tools through ctx.execute, and a runaway chain is cut', async () => {
    const searchThenGrep = createTool('PLAN', {
      name: 'Plan',
      description: 'Search the catalog and grep the notebook',
      inputParams: z.object({ word: z.string() }),
      execute: async ({ word }, ctx) => {
        const search = await ctx.execute('COMPOSIO_SEARCH_TOOLS', { queries: [{ use_case: 'list issues of a repository' }] });
        const local = await ctx.execute('LOCAL_GREP', { pattern: word });
        return {
          searched: search.successful,
          firstToolkit: (search.data.results as Array<{ toolkits: string[] }>)[0]!.toolkits[0],
          matches: local.data.matches,
        };
      },
    });
    let calls = 0;
    const recurse: CustomTool = createTool('RECURSE', {
      name: 'Recurse',
      description: 'Calls itself',
      inputParams: z.object({}),
      execute: async (_input, ctx) => {
        calls++;
        const inner = await ctx.execute('LOCAL_RECURSE');
        if (!inner.successful) throw new Error(inner.error ?? 'inner call failed');
        return inner.data;
      },
    });
    const session = await router.create('ann', { toolkits: ['github'], experimental: { customTools: [grep, searchThenGrep, recurse] } });
    expect((await session.execute('LOCAL_PLAN', { word: 'beta' })).data).toEqual({ searched: true, firstToolkit: 'github', matches: ['beta two'] });
    const runaway = await session.execute('LOCAL_RECURSE');
    expect(runaway.successful).toBe(false);
    expect(runaway.error).toMatch(/more than 8 levels deep/);
    expect(calls).toBe(MAX_LOCAL_CALL_DEPTH + 1);
  });
});

describe('COMPOSIO_MULTI_EXECUTE_TOOL with local tools', () => {
  it('runs every local item here and merges results in order with correct counts', async () => {
    const session = await router.create('bea', { toolkits: ['github'], experimental: customs });
    const result = await session.execute('COMPOSIO_MULTI_EXECUTE_TOOL', {
      tools: [
        { tool_slug: 'LOCAL_GREP', arguments: { pattern: 'alpha' } },
        { tool_slug: 'LOCAL_EXPLODE', arguments: {} },
        { tool_slug: 'LOCAL_DEV_TOOLS_ECHO', arguments: { text: 'x' } },
      ],
      sync_response_to_workbench: false,
    });
    expect(result.data.results.map((r) => [r.index, r.tool_slug, r.error === null])).toEqual([
      [0, 'LOCAL_GREP', true],
      [1, 'LOCAL_EXPLODE', false],
      [2, 'LOCAL_DEV_TOOLS_ECHO', true],
    ]);
    expect(result.data.results[0]!.response).toEqual({ successful: true, data: { matches: ['alpha one', 'alpha three'] }, error: null });
    expect(result.data).toMatchObject({ total_count: 3, success_count: 2, error_count: 1 });
    expect(result.error).toBe('1 out of 3 tools failed');
    expect(result.successful).toBe(false);
  });

  it('runs local items and the remote batch at the same time', async () => {
    // Each side waits for the other to have started: run one after the other, this would never finish.
    let localStarted!: () => void;
    const localStartedP = new Promise<void>((r) => (localStarted = r));
    let remoteSent!: () => void;
    const remoteSentP = new Promise<void>((r) => (remoteSent = r));
    const within = <T>(p: Promise<T>, what: string) =>
      Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what} never happened: not run in parallel`)), 5_000))]);
    const remoteBodies: unknown[] = [];
    const observing: typeof fetch = async (input, init) => {
      if (String(input).endsWith('/execute')) {
        remoteBodies.push(JSON.parse(String(init?.body)));
        remoteSent();
        await within(localStartedP, 'the local tool starting');
      }
      return fetch(input, init);
    };
    const waiter = createTool('WAIT_FOR_REMOTE', {
      name: 'Wait',
      description: 'Waits until the remote batch is on its way',
      inputParams: z.object({}),
      execute: async () => {
        localStarted();
        await within(remoteSentP, 'the remote request');
        return { waited: true };
      },
    });
    const observed = new ToolRouter({ apiKey: server.apiKey, baseURL: server.url, fetch: observing });
    const session = await observed.create('bea', { toolkits: ['github'], experimental: { customTools: [grep, waiter] } });
    const result = await session.execute('COMPOSIO_MULTI_EXECUTE_TOOL', {
      tools: [
        { tool_slug: 'GITHUB_GET_A_REPOSITORY', arguments: { owner: 'octo', repo: 'hello' } },
        { tool_slug: 'LOCAL_WAIT_FOR_REMOTE', arguments: {} },
        { tool_slug: 'LOCAL_GREP', arguments: { pattern: 'two' } },
      ],
      sync_response_to_workbench: false,
      thought: 'fetch the repo while grepping',
    });
    // Only the remote item went to the server, with the other arguments of the call kept.
    expect(remoteBodies).toEqual([
      expect.objectContaining({
        tool_slug: 'COMPOSIO_MULTI_EXECUTE_TOOL',
        arguments: {
          tools: [{ tool_slug: 'GITHUB_GET_A_REPOSITORY', arguments: { owner: 'octo', repo: 'hello' } }],
          sync_response_to_workbench: false,
          thought: 'fetch the repo while grepping',
        },
      }),
    ]);
    expect(result.data.results.map((r) => [r.index, r.tool_slug])).toEqual([
      [0, 'GITHUB_GET_A_REPOSITORY'],
      [1, 'LOCAL_WAIT_FOR_REMOTE'],
      [2, 'LOCAL_GREP'],
    ]);
    expect(result.data.results[1]!.response?.data).toEqual({ waited: true });
    expect(result.data.results[2]!.response?.data).toEqual({ matches: ['beta two'] });
    // The server ran the remote item: this user has not connected GitHub, so it failed with that reason.
    expect(result.data.results[0]!.error).toMatch(/No active connected account for toolkit "github"/);
    expect(result.data).toMatchObject({ total_count: 3, success_count: 2, error_count: 1 });
  });
});
